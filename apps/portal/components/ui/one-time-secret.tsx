import type { ReactNode } from 'react';
import { CopyButton } from './copy-button';
import { WarningIcon } from './icons';
import styles from './one-time-secret.module.css';
import a11y from './visually-hidden.module.css';

/**
 * A secret shown this once (an API key, a webhook's signing secret): why to copy it now (`children`), then the value,
 * selected on focus, with a copy button. The value's label is for assistive technology.
 */
export function OneTimeSecret({
  id,
  label,
  value,
  copyLabel,
  children,
}: {
  id: string;
  label: string;
  value: string;
  copyLabel: string;
  children: ReactNode;
}) {
  return (
    <>
      <div className={styles.warning} role="note">
        <WarningIcon className={styles.warningIcon} />
        <p>{children}</p>
      </div>
      <div className={styles.row}>
        <label htmlFor={id} className={a11y.hidden}>
          {label}
        </label>
        <input
          id={id}
          className={styles.secret}
          value={value}
          readOnly
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={value} label={copyLabel} />
      </div>
    </>
  );
}
