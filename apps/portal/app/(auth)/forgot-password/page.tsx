import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '@/components/forms/action-form';
import { ButtonLink } from '@/components/ui/button';
import { requestPasswordReset } from '../actions';
import styles from '../auth.module.css';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ForgotPasswordPage() {
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Reset your password</h1>
        <p className={styles.subtitle}>We will email you a link to choose a new one.</p>
      </div>
      <ActionForm
        action={requestPasswordReset}
        fields={[
          {
            name: 'email',
            label: 'Email',
            type: 'email',
            autoComplete: 'email',
            placeholder: 'you@company.com',
          },
        ]}
        submitLabel="Email me a link"
        pendingLabel="Sending…"
        errorTitle="Could not send the link"
        successTitle="Check your inbox"
        successContent={
          <ButtonLink href="/login" variant="secondary" block>
            Back to log in
          </ButtonLink>
        }
        footer={
          <p className={styles.switch}>
            Remembered it? <Link href="/login">Log in</Link>
          </p>
        }
      />
    </div>
  );
}
