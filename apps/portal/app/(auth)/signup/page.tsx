import type { Metadata } from 'next';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { signUp } from '../actions';
import styles from '../auth.module.css';
import { CredentialsForm } from '../_components/credentials-form';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const next = firstParam(await searchParams, 'next');
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Create your LLMGuard account</h1>
        <p className={styles.subtitle}>Put every model behind one key, one set of limits and one bill.</p>
      </div>
      <CredentialsForm mode="signup" action={signUp} next={next} />
    </div>
  );
}
