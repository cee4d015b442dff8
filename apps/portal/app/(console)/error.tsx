'use client';

import { Logo } from '@/components/brand/logo';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import styles from './error.module.css';

/**
 * A console page whose data could not be loaded (the control plane is down or answered oddly). In
 * production Next replaces server messages with a digest, so the text stays generic.
 */
export default function ConsoleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className={styles.page}>
      <Logo size="lg" />
      <div className={styles.card}>
        <h1 className={styles.title}>This page could not be loaded</h1>
        <Alert title="The LLMGuard API did not answer as expected">
          <p>It may be restarting. Try again in a moment; nothing you did is lost.</p>
        </Alert>
        <div className={styles.actions}>
          <Button onClick={reset}>Try again</Button>
          <ButtonLink href="/" variant="secondary">
            Back to overview
          </ButtonLink>
        </div>
      </div>
    </main>
  );
}
