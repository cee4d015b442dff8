import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { ssoErrorMessage } from '@/lib/sso-errors';
import { logIn } from '../actions';
import styles from '../auth.module.css';
import { CredentialsForm } from '../_components/credentials-form';

export const metadata: Metadata = { title: 'Log in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = firstParam(params, 'next');
  const ssoError = firstParam(params, 'sso_error');
  const ssoMessage = ssoErrorMessage(ssoError);
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Log in to LLMGuard</h1>
        <p className={styles.subtitle}>Manage your API keys, limits and usage.</p>
      </div>
      {ssoMessage ? (
        <div className={styles.notice}>
          <Alert title="Single sign-on failed">
            <p>{ssoMessage}</p>
            <p className={styles.code}>Code: {ssoError}</p>
          </Alert>
        </div>
      ) : null}
      <CredentialsForm mode="login" action={logIn} next={next} />
      <div className={styles.divider}>
        <span>or</span>
      </div>
      <Link href="/login/sso" className={styles.secondaryAction}>
        Continue with SSO
      </Link>
    </div>
  );
}
