import type { Metadata } from 'next';
import { ActionForm } from '@/components/forms/action-form';
import { ButtonLink } from '@/components/ui/button';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getSession } from '@/lib/session';
import styles from '../auth.module.css';
import { IncompleteLink } from '../_components/incomplete-link';
import { acceptInvitation } from './actions';

export const metadata: Metadata = { title: 'Accept an invitation' };

/**
 * The page of the invitation email's link (PORTAL_URL/invite?token=…). The invitee signs in or
 * signs up first, with the invited address, and comes back here to accept.
 */
export default async function InvitePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const token = firstParam(await searchParams, 'token');
  if (!token) return <IncompleteLink what="invitation" retryHref="/login" />;
  const user = await getSession();
  const here = `/invite?token=${encodeURIComponent(token)}`;
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>You are invited to a workspace</h1>
        <p className={styles.subtitle}>Accept with the account of the address the invitation was sent to.</p>
      </div>
      {user ? (
        <div className={styles.stack}>
          <p className={styles.identity}>
            Signed in as <strong>{user.name}</strong> ({user.email})
          </p>
          <ActionForm
            action={acceptInvitation}
            hidden={{ token }}
            fields={[]}
            submitLabel="Accept invitation"
            pendingLabel="Joining…"
            errorTitle="Could not accept the invitation"
          />
        </div>
      ) : (
        <div className={styles.stack}>
          <ButtonLink href={`/signup?next=${encodeURIComponent(here)}`} size="lg" block>
            Create an account to accept
          </ButtonLink>
          <ButtonLink href={`/login?next=${encodeURIComponent(here)}`} variant="secondary" size="lg" block>
            Log in to accept
          </ButtonLink>
        </div>
      )}
    </div>
  );
}
