import type { Metadata } from 'next';
import { Logo } from '@/components/brand/logo';
import { ButtonLink } from '@/components/ui/button';
import styles from './not-found.module.css';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main className={styles.page}>
      <Logo size="lg" />
      <p className={styles.code}>404</p>
      <h1 className={styles.title}>This page does not exist</h1>
      <p className={styles.text}>Check the address, or go back to the overview.</p>
      <ButtonLink href="/" variant="secondary">
        Back to overview
      </ButtonLink>
    </main>
  );
}
