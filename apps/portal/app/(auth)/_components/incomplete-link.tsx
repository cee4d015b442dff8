import { ButtonLink } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import styles from '../auth.module.css';

/** An emailed link opened without its token (cut by the mail client, typed by hand). */
export function IncompleteLink({ what, retryHref }: { what: string; retryHref: string }) {
  return (
    <div className={styles.card}>
      <div className={styles.heading}>
        <h1 className={styles.title}>This link is incomplete</h1>
      </div>
      <div className={styles.stack}>
        <Alert title={`The ${what} link has no token`}>
          <p>Open the link from the email again, or copy the whole address into the browser.</p>
        </Alert>
        <ButtonLink href={retryHref} variant="secondary" block>
          Continue
        </ButtonLink>
      </div>
    </div>
  );
}
