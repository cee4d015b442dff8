import type { Metadata } from 'next';
import { logOut } from '../actions';
import styles from '../auth.module.css';
import { getTenants, requireSession } from '@/lib/session';
import { CreateTenantForm } from './create-tenant-form';

export const metadata: Metadata = { title: 'Create a workspace' };

/** Onboarding: a user without a workspace creates one; others come here to add another. */
export default async function NewTenantPage() {
  const user = await requireSession('/new');
  const tenants = await getTenants();
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>
          {tenants.length === 0 ? 'Create your workspace' : 'Create a workspace'}
        </h1>
        <p className={styles.subtitle}>
          A workspace holds your API keys, limits, usage and members. You can invite your team later.
        </p>
      </div>
      <CreateTenantForm />
      <form action={logOut} className={styles.signedInAs}>
        <span>
          Signed in as <strong>{user.email}</strong>
        </span>
        <button type="submit" className={styles.linkButton}>
          Log out
        </button>
      </form>
    </div>
  );
}
