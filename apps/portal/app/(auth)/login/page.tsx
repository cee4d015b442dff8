import type { Metadata } from 'next';
import { logIn } from '../actions';
import styles from '../auth.module.css';
import { CredentialsForm } from '../_components/credentials-form';

export const metadata: Metadata = { title: 'Log in' };

export default function LoginPage() {
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Log in to LLMGuard</h1>
        <p className={styles.subtitle}>Manage your API keys, limits and usage.</p>
      </div>
      <CredentialsForm mode="login" action={logIn} />
    </div>
  );
}
