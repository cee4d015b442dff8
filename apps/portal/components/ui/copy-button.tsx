'use client';

import { useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';
import styles from './copy-button.module.css';

/** Copies `value` to the clipboard and says so for two seconds (visibly and to screen readers). */
export function CopyButton({
  value,
  label = 'Copy',
  tone = 'light',
}: {
  value: string;
  label?: string;
  tone?: 'light' | 'dark';
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      // No clipboard permission (an insecure origin): the value stays selectable by hand.
      setCopied(false);
    }
  }
  return (
    <button type="button" onClick={copy} className={`${styles.button} ${styles[tone]}`}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}
