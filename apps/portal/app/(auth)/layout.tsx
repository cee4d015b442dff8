import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/brand/logo';
import { ArrowLeftIcon } from '@/components/ui/icons';
import styles from './auth.module.css';

/** A centred card on a quiet background, as in the Stripe and OpenAI sign-in pages. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className={styles.page}>
      <header className={styles.top}>
        <Link href="/" aria-label="LLMGuard home">
          <Logo size="lg" />
        </Link>
      </header>
      <main className={styles.main}>{children}</main>
      <footer className={styles.footer}>
        <Link href="/" className={styles.footerLink}>
          <ArrowLeftIcon />
          Back to overview
        </Link>
        <Link href="/#status" className={styles.footerLink}>
          System status
        </Link>
      </footer>
    </div>
  );
}
