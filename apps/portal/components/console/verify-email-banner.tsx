'use client';

import { useActionState } from 'react';
import { resendVerificationEmail } from '@/app/(auth)/actions';
import { initialFormState } from '@/lib/forms';
import styles from './verify-email-banner.module.css';

/** Reminds an unconfirmed user to open the emailed link, and sends a new one on request. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, formAction, pending] = useActionState(resendVerificationEmail, initialFormState);
  return (
    <div className={styles.banner}>
      <p>
        Confirm <strong>{email}</strong>: open the link we emailed you.
      </p>
      <form action={formAction} className={styles.form}>
        <span role="status" className={state.status === 'error' ? styles.error : styles.note}>
          {state.status === 'idle' ? null : state.message}
        </span>
        <button type="submit" className={styles.button} disabled={pending}>
          {pending ? 'Sending…' : 'Resend email'}
        </button>
      </form>
    </div>
  );
}
