import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '../brand/logo';
import { MenuIcon } from '../ui/icons';
import { Popover } from '../ui/popover';
import { ConsoleBreadcrumb, ConsoleNav } from './console-nav';
import styles from './console-shell.module.css';
import { type TenantChoice, TenantSwitcher } from './tenant-switcher';
import { UserMenu } from './user-menu';

type ConsoleShellProps = {
  user: { name: string; email: string; isPlatformAdmin?: boolean };
  tenant: TenantChoice;
  tenants: TenantChoice[];
  /** A strip above the page, e.g. "confirm your email". */
  banner?: ReactNode;
  children: ReactNode;
};

/**
 * The signed-in frame: a sidebar with the workspace switcher and the sections, a header with the
 * breadcrumb and the user menu. Below 900 px the sidebar folds into a menu button in the header.
 */
export function ConsoleShell({ user, tenant, tenants, banner, children }: ConsoleShellProps) {
  return (
    <div className={styles.shell}>
      <aside className={styles.sidebar}>
        <div className={styles.sidebarInner}>
          <Link href={`/${tenant.slug}`} className={styles.brand} aria-label="LLMGuard console home">
            <Logo />
          </Link>
          <TenantSwitcher current={tenant} tenants={tenants} />
          <ConsoleNav tenantSlug={tenant.slug} />
        </div>
      </aside>
      <div className={styles.main}>
        <header className={styles.header}>
          <div className={styles.headerLeft}>
            <div className={styles.mobileOnly}>
              <Popover label="Open navigation" triggerClassName={styles.iconButton} trigger={<MenuIcon />}>
                <div className={styles.mobileMenu}>
                  <TenantSwitcher current={tenant} tenants={tenants} />
                  <ConsoleNav tenantSlug={tenant.slug} label="Console (menu)" />
                </div>
              </Popover>
            </div>
            <ConsoleBreadcrumb tenantName={tenant.name} tenantSlug={tenant.slug} />
          </div>
          <UserMenu name={user.name} email={user.email} isPlatformAdmin={user.isPlatformAdmin} />
        </header>
        {banner}
        <main className={styles.content}>{children}</main>
      </div>
    </div>
  );
}
