'use client';

import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react';
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
  const [selected, setSelected] = useState(0);
  const baseId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = tabs[selected] ?? tabs[0];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (selected + step + tabs.length) % tabs.length;
    setSelected(next);
    tabRefs.current[next]?.focus();
  }

  if (!current) return null;
  return (
    <div>
      <div className={styles.bar}>
        {heading ?? <span />}
        <div role="tablist" aria-label={label} className={styles.group} onKeyDown={onKeyDown}>
          {tabs.map((tab, index) => (
            <button
              key={tab.id}
              ref={(element) => {
                tabRefs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              aria-selected={index === selected}
              aria-controls={`${baseId}-panel`}
              tabIndex={index === selected ? 0 : -1}
              className={styles.item}
              onClick={() => setSelected(index)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-tab-${current.id}`}
        className={styles.panel}
      >
        {current.content}
      </div>
    </div>
  );
}
