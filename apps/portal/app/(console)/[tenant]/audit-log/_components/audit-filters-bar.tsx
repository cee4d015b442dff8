import type { ReactNode } from 'react';
import { auditActorTypeSchema } from '@llmguard/shared';
import {
  AUDIT_ACTION_SUGGESTIONS,
  auditPageSearch,
  AUDIT_TARGET_TYPES,
  type AuditFilterParam,
  type AuditFilterValues,
} from '@/lib/audit-filters';
import styles from './audit-log.module.css';
import a11y from '@/components/ui/visually-hidden.module.css';

const ACTOR_TYPE_LABELS: Record<(typeof auditActorTypeSchema.options)[number], string> = {
  user: 'Users',
  api_key: 'API keys',
  system: 'System',
};

/**
 * The filters, as a plain GET form: submitting puts them in the URL, so it works without JavaScript and every view
 * can be shared. Paging starts over whenever a filter changes (the form carries no cursor).
 */
export function AuditFiltersBar({
  basePath,
  values,
  errors,
}: {
  basePath: string;
  values: AuditFilterValues;
  errors: Partial<Record<AuditFilterParam, string>>;
}) {
  const errorList = Object.values(errors);
  return (
    <form method="get" action={basePath} className={styles.filters} aria-label="Filter the audit log">
      <div className={styles.searchField}>
        <label htmlFor="audit-q" className={a11y.hidden}>
          Search
        </label>
        <svg
          className={styles.searchIcon}
          width="15"
          height="15"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-3.5-3.5" strokeLinecap="round" />
        </svg>
        <input
          id="audit-q"
          name="q"
          type="search"
          defaultValue={values.q}
          placeholder="Search actions, targets, emails, key names…"
          className={styles.searchInput}
          maxLength={200}
        />
      </div>
      <div className={styles.filterGrid}>
        <FilterField label="Actor" htmlFor="audit-actorType" error={errors.actorType}>
          <select
            id="audit-actorType"
            name="actorType"
            defaultValue={values.actorType}
            className={styles.control}
          >
            <option value="">Anyone</option>
            {auditActorTypeSchema.options.map((type) => (
              <option key={type} value={type}>
                {ACTOR_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Action" htmlFor="audit-action">
          <input
            id="audit-action"
            name="action"
            list="audit-action-suggestions"
            defaultValue={values.action}
            placeholder="api_key.*"
            className={styles.control}
            maxLength={200}
          />
          <datalist id="audit-action-suggestions">
            {AUDIT_ACTION_SUGGESTIONS.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </FilterField>
        <FilterField label="Target" htmlFor="audit-targetType">
          <select
            id="audit-targetType"
            name="targetType"
            defaultValue={values.targetType}
            className={styles.control}
          >
            <option value="">Any target</option>
            {AUDIT_TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
            {values.targetType && !(AUDIT_TARGET_TYPES as readonly string[]).includes(values.targetType) ? (
              <option value={values.targetType}>{values.targetType}</option>
            ) : null}
          </select>
        </FilterField>
        <FilterField label="From" htmlFor="audit-from" error={errors.from}>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={values.from}
            className={styles.control}
          />
        </FilterField>
        <FilterField label="To" htmlFor="audit-to" error={errors.to}>
          <input id="audit-to" name="to" type="date" defaultValue={values.to} className={styles.control} />
        </FilterField>
      </div>
      {values.actor ? (
        <p className={styles.activeChip}>
          <input type="hidden" name="actor" value={values.actor} />
          Only actor <code>{values.actor}</code>
          <a
            href={`${basePath}${auditPageSearch(values, { actor: '' })}`}
            className={styles.chipRemove}
            aria-label="Remove the actor filter"
          >
            ×
          </a>
        </p>
      ) : null}
      {errorList.length > 0 ? (
        <p className={styles.filterError} role="alert">
          Some filters were ignored: {errorList.join(' ')}
        </p>
      ) : null}
      <div className={styles.filterActions}>
        <button type="submit" className={styles.applyButton}>
          Apply filters
        </button>
        <a href={basePath} className={styles.clearLink}>
          Clear
        </a>
      </div>
    </form>
  );
}

function FilterField({
  label,
  htmlFor,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={styles.filterField}>
      <label htmlFor={htmlFor} className={styles.filterLabel}>
        {label}
      </label>
      {children}
      {error ? <span className={a11y.hidden}>{error}</span> : null}
    </div>
  );
}
