'use client';

import type { ReactNode } from 'react';
import { useTabs } from './use-tabs';
import styles from './segmented.module.css';

export type SegmentedTab = { id: string; label: string; content: ReactNode };

/**
 * Light WAI-ARIA tabs (arrow keys move between them) for views of the same data, e.g. a chart per
 * period. `heading` sits at the left of the tab row.
 */
export function SegmentedTabs({
  tabs,
  label,
  heading,
}: {
  tabs: SegmentedTab[];
  label: string;
  heading?: ReactNode;
}) {
  const { current, tabListProps, tabProps, panelProps } = useTabs(tabs);
  if (!current) return null;
  return (
    <div>
      <div className={styles.bar}>
        {heading ?? <span />}
        <div {...tabListProps} aria-label={label} className={styles.group}>
          {tabs.map((tab, index) => (
            <button key={tab.id} {...tabProps(index)} className={styles.item}>
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div {...panelProps} className={styles.panel}>
        {current.content}
      </div>
    </div>
  );
}
