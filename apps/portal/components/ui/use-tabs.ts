'use client';

import { type KeyboardEvent, useId, useRef, useState } from 'react';

/**
 * WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): the selected tab, the arrow keys that move the
 * selection and the focus along the list, and the ARIA attributes that tie each tab to the one panel.
 */
export function useTabs<Tab extends { id: string }>(tabs: readonly Tab[]) {
  const [selected, setSelected] = useState(0);
  const baseId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = tabs[selected] ?? tabs[0];
  const panelId = `${baseId}-panel`;
  const tabId = (tab: Tab) => `${baseId}-tab-${tab.id}`;

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (selected + step + tabs.length) % tabs.length;
    setSelected(next);
    tabRefs.current[next]?.focus();
  }

  return {
    /** The tab shown; undefined only when there are no tabs. */
    current,
    tabListProps: { role: 'tablist' as const, onKeyDown },
    tabProps: (index: number) => {
      const tab = tabs[index]!;
      return {
        ref: (element: HTMLButtonElement | null) => {
          tabRefs.current[index] = element;
        },
        type: 'button' as const,
        role: 'tab' as const,
        id: tabId(tab),
        'aria-selected': index === selected,
        'aria-controls': panelId,
        tabIndex: index === selected ? 0 : -1,
        onClick: () => setSelected(index),
      };
    },
    panelProps: {
      role: 'tabpanel' as const,
      id: panelId,
      'aria-labelledby': current ? tabId(current) : undefined,
    },
  };
}
