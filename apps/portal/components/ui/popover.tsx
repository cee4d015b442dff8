'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import styles from './popover.module.css';

type PopoverProps = {
  /** The trigger button's content. */
  trigger: ReactNode;
  /** Accessible name of the trigger when its content is not enough. */
  label?: string;
  triggerClassName?: string;
  align?: 'start' | 'end';
  placement?: 'below' | 'above';
  children: ReactNode;
};

/**
 * A disclosure button with a floating panel (tenant switcher, user menu). Escape closes it and gives
 * the focus back to the button; so do a click elsewhere and a navigation.
 */
export function Popover({
  trigger,
  label,
  triggerClassName,
  align = 'start',
  placement = 'below',
  children,
}: PopoverProps) {
  // Open on one path only: a navigation closes it without an effect.
  const pathname = usePathname();
  const [openOnPath, setOpenOnPath] = useState<string | null>(null);
  const open = openOnPath === pathname;
  const setOpen = (value: boolean) => setOpenOnPath(value ? pathname : null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpenOnPath(null);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      setOpenOnPath(null);
      buttonRef.current?.focus();
    }
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className={styles.root}>
      <button
        ref={buttonRef}
        type="button"
        className={triggerClassName}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => setOpen(!open)}
      >
        {trigger}
      </button>
      <div id={panelId} hidden={!open} className={`${styles.panel} ${styles[align]} ${styles[placement]}`}>
        {children}
      </div>
    </div>
  );
}
