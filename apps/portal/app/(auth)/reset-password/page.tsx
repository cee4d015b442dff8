import type { Metadata } from 'next';
import { ActionForm } from '@/components/forms/action-form';
import { ButtonLink } from '@/components/ui/button';
import { PASSWORD_LENGTH_MIN } from '@/lib/forms';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { resetPassword } from '../actions';
import styles from '../auth.module.css';
import { IncompleteLink } from '../_components/incomplete-link';

export const metadata: Metadata = { title: 'Choose a new password' };

/** The page of the emailed reset link (PORTAL_URL/reset-password?token=…). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const token = firstParam(await searchParams, 'token');
  if (!token) return <IncompleteLink what="password reset" retryHref="/forgot-password" />;
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Choose a new password</h1>
        <p className={styles.subtitle}>Setting it signs you out on every device.</p>
      </div>
      <ActionForm
        action={resetPassword}
        hidden={{ token }}
        fields={[
          {
            name: 'password',
            label: 'New password',
            type: 'password',
            autoComplete: 'new-password',
            hint: `At least ${PASSWORD_LENGTH_MIN} characters.`,
          },
          {
            name: 'confirmPassword',
            label: 'Repeat the new password',
            type: 'password',
            autoComplete: 'new-password',
          },
        ]}
        submitLabel="Set new password"
        pendingLabel="Saving…"
        errorTitle="Could not set the password"
        successTitle="Your password is changed"
        successContent={
          <ButtonLink href="/login" block>
            Log in
          </ButtonLink>
        }
      />
    </div>
  );
}
