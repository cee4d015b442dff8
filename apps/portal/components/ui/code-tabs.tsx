'use client';

import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { CopyButton } from './copy-button';
import styles from './code-tabs.module.css';

export type CodeTab = { id: string; label: string; code: string };

/**
 * Code samples in tabs (WAI-ARIA tabs: arrow keys move between them), each with a copy button.
 * The code is plain text in a <pre>, so long lines scroll instead of wrapping.
 */
export function CodeTabs({ tabs, label }: { tabs: CodeTab[]; label: string }) {
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
    <div className={styles.frame}>
      <div className={styles.bar}>
        <div role="tablist" aria-label={label} className={styles.tabs} onKeyDown={onKeyDown}>
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
              className={styles.tab}
              onClick={() => setSelected(index)}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <CopyButton value={current.code} tone="dark" />
      </div>
      <pre
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-tab-${current.id}`}
        tabIndex={0}
        className={styles.code}
      >
        <code>{current.code}</code>
      </pre>
    </div>
  );
}
