import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from '@/components/brand/logo';
import shellStyles from '@/components/console/console-shell.module.css';
import { UserMenu } from '@/components/console/user-menu';
import { MenuIcon } from '@/components/ui/icons';
import { Popover } from '@/components/ui/popover';
import { AdminBreadcrumb, AdminNav } from './admin-nav';
import styles from './admin.module.css';

/**
 * The console frame for platform work: the same sidebar and header as a workspace, with the admin
 * sections instead of a workspace's, and a badge that says whose powers are in use.
 */
export function AdminShell({
  user,
  children,
}: {
  user: { name: string; email: string; isPlatformAdmin: boolean };
  children: ReactNode;
}) {
  return (
    <div className={shellStyles.shell}>
      <aside className={shellStyles.sidebar}>
        <div className={shellStyles.sidebarInner}>
          <Link href="/admin/tenants" className={shellStyles.brand} aria-label="Platform admin home">
            <Logo />
          </Link>
          <p className={styles.areaBadge}>Platform admin</p>
          <AdminNav />
        </div>
      </aside>
      <div className={shellStyles.main}>
        <header className={shellStyles.header}>
          <div className={shellStyles.headerLeft}>
            <div className={shellStyles.mobileOnly}>
              <Popover
                label="Open navigation"
                triggerClassName={shellStyles.iconButton}
                trigger={<MenuIcon />}
              >
                <div className={shellStyles.mobileMenu}>
                  <AdminNav label="Platform admin (menu)" />
                </div>
              </Popover>
            </div>
            <AdminBreadcrumb />
          </div>
          <UserMenu name={user.name} email={user.email} isPlatformAdmin={user.isPlatformAdmin} />
        </header>
        <main className={`${shellStyles.content} ${styles.content}`}>{children}</main>
      </div>
    </div>
  );
}
