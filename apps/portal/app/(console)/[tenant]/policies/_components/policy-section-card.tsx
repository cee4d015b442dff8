'use client';

import { useState } from 'react';
import type { PolicySection } from '@llmguard/shared';
import { Button } from '@/components/ui/button';
import {
  RATE_LIMIT_FIELDS,
  type PolicyRow,
  type PolicySource,
  type RateLimitScopeRow,
} from '@/lib/policy-display';
import { EditSectionDialog } from './edit-section-dialog';
import styles from './policies.module.css';
import a11y from '@/components/ui/visually-hidden.module.css';

export type SectionEditor = {
  /** The workspace's own settings of the section, as JSON. */
  text: string;
  /** The tier's defaults of the section, as JSON, for reference. */
  tierText: string;
  expectedVersion: number | null;
};

type PolicySectionCardProps = {
  tenantSlug: string;
  section: PolicySection;
  info: { title: string; description: string; empty: string };
  rows: PolicyRow[];
  rateLimits?: RateLimitScopeRow[];
  /** Null for members, who only read the policy. */
  editor: SectionEditor | null;
};

/** One section of the effective policy, read-only; platform admins get an "Edit" button. */
export function PolicySectionCard({
  tenantSlug,
  section,
  info,
  rows,
  rateLimits,
  editor,
}: PolicySectionCardProps) {
  const [editing, setEditing] = useState(false);
  const titleId = `policy-${section}-title`;
  return (
    <section
      aria-labelledby={titleId}
      className={`${styles.card} ${section === 'rateLimits' ? styles.cardWide : ''}`}
      data-section={section}
    >
      <header className={styles.cardHeader}>
        <div>
          <h2 id={titleId} className={styles.cardTitle}>
            {info.title}
          </h2>
          <p className={styles.cardDescription}>{info.description}</p>
        </div>
        {editor ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${info.title.toLowerCase()}`}
          >
            Edit
          </Button>
        ) : null}
      </header>
      <div className={styles.cardBody}>
        {rows.length === 0 ? (
          <p className={styles.emptySection}>{info.empty}</p>
        ) : rateLimits ? (
          <RateLimitTable rows={rateLimits} />
        ) : (
          <dl className={styles.settings}>
            {rows.map((row) => (
              <div key={row.path} className={styles.setting}>
                <dt>{row.label}</dt>
                <dd>
                  <span className={styles.settingValue}>{row.value}</span>
                  <SourceTag source={row.source} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
      {editing && editor ? (
        <EditSectionDialog
          tenantSlug={tenantSlug}
          section={section}
          title={info.title}
          editor={editor}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </section>
  );
}

function RateLimitTable({ rows }: { rows: RateLimitScopeRow[] }) {
  return (
    <div className={styles.matrixFrame}>
      <table className={styles.matrix}>
        <caption className={a11y.hidden}>Rate limits in force, by scope</caption>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            {RATE_LIMIT_FIELDS.map((field) => (
              <th key={field.key} scope="col">
                {field.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.scope} data-scope={row.scope}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, index) => (
                <td key={RATE_LIMIT_FIELDS[index]?.key}>
                  {cell ? (
                    <>
                      <span className={styles.settingValue}>{cell.value}</span>
                      <SourceTag source={cell.source} />
                    </>
                  ) : (
                    <span className={styles.noLimit} title="No limit">
                      —
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceTag({ source }: { source: PolicySource }) {
  return source === 'override' ? (
    <span className={styles.overrideTag} title="Set for this workspace">
      Override
    </span>
  ) : (
    <span className={styles.tierTag} title="The tier’s default">
      Tier
    </span>
  );
}
