import type { Metadata } from 'next';
import { ActionForm } from '@/components/forms/action-form';
import { ButtonLink } from '@/components/ui/button';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { AFTER_LOGIN_PATH } from '@/lib/navigation';
import { confirmEmail } from '../actions';
import styles from '../auth.module.css';
import { IncompleteLink } from '../_components/incomplete-link';

export const metadata: Metadata = { title: 'Confirm your email' };

/**
 * The page of the emailed verification link (PORTAL_URL/verify-email?token=…). It confirms on a click,
 * not on load: mail scanners open links, and a one-time token must not be spent by them.
 */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const token = firstParam(await searchParams, 'token');
  if (!token) return <IncompleteLink what="confirmation" retryHref={AFTER_LOGIN_PATH} />;
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Confirm your email</h1>
        <p className={styles.subtitle}>One click and your address is confirmed.</p>
      </div>
      <ActionForm
        action={confirmEmail}
        hidden={{ token }}
        fields={[]}
        submitLabel="Confirm my email"
        pendingLabel="Confirming…"
        errorTitle="Could not confirm your email"
        successTitle="Email confirmed"
        successContent={
          <ButtonLink href={AFTER_LOGIN_PATH} block>
            Go to the console
          </ButtonLink>
        }
      />
    </div>
  );
}
