import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '@/components/forms/action-form';
import { startSso } from '../../actions';
import styles from '../../auth.module.css';

export const metadata: Metadata = { title: 'Continue with SSO' };

export default function SsoPage() {
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>Continue with SSO</h1>
        <p className={styles.subtitle}>
          Sign in through your company’s identity provider. Enter your workspace’s slug: the part after the
          portal’s address, as in llmguard.example/<strong>acme-corp</strong>.
        </p>
      </div>
      <ActionForm
        action={startSso}
        fields={[
          { name: 'tenant', label: 'Workspace slug', placeholder: 'acme-corp', autoComplete: 'organization' },
        ]}
        submitLabel="Continue"
        pendingLabel="Redirecting…"
        errorTitle="Could not start single sign-on"
        footer={
          <p className={styles.switch}>
            <Link href="/login">Log in with email and password</Link>
          </p>
        }
      />
    </div>
  );
}
