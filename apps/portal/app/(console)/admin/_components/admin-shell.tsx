import type { ReactNode } from 'react';
import { UserMenu } from '@/components/console/user-menu';
import { ShellFrame } from '@/components/shell/shell-frame';
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
    <ShellFrame
      home={{ href: '/admin/tenants', label: 'Platform admin home' }}
      sidebar={
        <>
          <p className={styles.areaBadge}>Platform admin</p>
          <AdminNav />
        </>
      }
      phoneMenu={<AdminNav label="Platform admin (menu)" />}
      breadcrumb={<AdminBreadcrumb />}
      actions={<UserMenu name={user.name} email={user.email} isPlatformAdmin={user.isPlatformAdmin} />}
      contentClassName={styles.content}
    >
      {children}
    </ShellFrame>
  );
}
