import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '../brand/logo';
import { ButtonLink } from '../ui/button';
import styles from './app-shell.module.css';
import { publicNavigation } from './navigation';
import { CurrentPageTitle, SidebarNav } from './sidebar-nav';

/** The console frame: a sidebar with the navigation, a header with the account actions, and the page. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className={styles.shell}>
      <aside className={styles.sidebar}>
        <div className={styles.sidebarInner}>
          <Link href="/" className={styles.brand} aria-label="LLMGuard home">
            <Logo />
          </Link>
          <SidebarNav sections={publicNavigation} />
          <div className={styles.sidebarNote}>
            <p className={styles.sidebarNoteTitle}>Your console</p>
            <p>API keys, usage, policies and audit logs appear here once you sign in.</p>
          </div>
        </div>
      </aside>
      <div className={styles.main}>
        <header className={styles.header}>
          <div className={styles.headerLeft}>
            <Link href="/" className={styles.headerBrand} aria-label="LLMGuard home">
              <Logo />
            </Link>
            <p className={styles.breadcrumb}>
              <span>Developer portal</span>
              <CurrentPageTitle
                sections={publicNavigation}
                separatorClassName={styles.breadcrumbSeparator}
                className={styles.breadcrumbCurrent}
              />
            </p>
          </div>
          <div className={styles.headerActions}>
            <ButtonLink href="/login" variant="ghost" size="sm">
              Log in
            </ButtonLink>
            <ButtonLink href="/signup" variant="primary" size="sm">
              Sign up
            </ButtonLink>
          </div>
        </header>
        <main className={styles.content}>{children}</main>
      </div>
    </div>
  );
}
