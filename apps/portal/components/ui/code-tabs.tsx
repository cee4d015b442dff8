'use client';

import { CopyButton } from './copy-button';
import { useTabs } from './use-tabs';
import styles from './code-tabs.module.css';

export type CodeTab = { id: string; label: string; code: string };

/**
 * Code samples in tabs (WAI-ARIA tabs: arrow keys move between them), each with a copy button.
 * The code is plain text in a <pre>, so long lines scroll instead of wrapping.
 */
export function CodeTabs({ tabs, label }: { tabs: CodeTab[]; label: string }) {
  const { current, tabListProps, tabProps, panelProps } = useTabs(tabs);
  if (!current) return null;
  return (
    <div className={styles.frame}>
      <div className={styles.bar}>
        <div {...tabListProps} aria-label={label} className={styles.tabs}>
          {tabs.map((tab, index) => (
            <button key={tab.id} {...tabProps(index)} className={styles.tab}>
              {tab.label}
            </button>
          ))}
        </div>
        <CopyButton value={current.code} tone="dark" />
      </div>
      <pre {...panelProps} tabIndex={0} className={styles.code}>
        <code>{current.code}</code>
      </pre>
    </div>
  );
}
