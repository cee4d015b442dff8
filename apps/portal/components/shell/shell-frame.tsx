import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '../brand/logo';
import { MenuIcon } from '../ui/icons';
import { Popover } from '../ui/popover';
import styles from './shell-frame.module.css';

type ShellFrameProps = {
  /** Where the logo leads, and its accessible name. */
  home: { href: string; label: string };
  /** Below the logo in the sidebar: a switcher or badge, the navigation, a note. */
  sidebar: ReactNode;
  /**
   * What a menu button in the header opens below 900 px, where the sidebar folds away. Without one the header shows
   * the logo there instead.
   */
  phoneMenu?: ReactNode;
  /** The header's left side after the menu button: where the page sits ("Workspace / Keys"). */
  breadcrumb: ReactNode;
  /** The header's right side: the account menu, or log in and sign up. */
  actions: ReactNode;
  /** A strip between the header and the page ("confirm your email"). */
  banner?: ReactNode;
  /** Another width for the page (the admin area's wider tables). */
  contentClassName?: string;
  children: ReactNode;
};

/** The frame every page sits in: the sidebar, the sticky header, then the page (public, console and admin shells). */
export function ShellFrame({
  home,
  sidebar,
  phoneMenu,
  breadcrumb,
  actions,
  banner,
  contentClassName,
  children,
}: ShellFrameProps) {
  return (
    <div className={styles.shell}>
      <aside className={styles.sidebar}>
        <div className={styles.sidebarInner}>
          <Link href={home.href} className={styles.brand} aria-label={home.label}>
            <Logo />
          </Link>
          {sidebar}
        </div>
      </aside>
      <div className={styles.main}>
        <header className={styles.header}>
          <div className={styles.headerLeft}>
            {phoneMenu ? (
              <div className={styles.phoneOnly}>
                <Popover label="Open navigation" triggerClassName={styles.iconButton} trigger={<MenuIcon />}>
                  <div className={styles.phoneMenu}>{phoneMenu}</div>
                </Popover>
              </div>
            ) : (
              <Link href={home.href} className={styles.phoneOnly} aria-label={home.label}>
                <Logo />
              </Link>
            )}
            {breadcrumb}
          </div>
          {actions}
        </header>
        {banner}
        <main className={contentClassName ? `${styles.content} ${contentClassName}` : styles.content}>
          {children}
        </main>
      </div>
    </div>
  );
}
