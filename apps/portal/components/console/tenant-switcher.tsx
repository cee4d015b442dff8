'use client';

import Link from 'next/link';
import { CheckIcon, ChevronsUpDownIcon, PlusIcon } from '../ui/icons';
import { Popover } from '../ui/popover';
import frame from '@/components/shell/shell-frame.module.css';
import styles from './console-shell.module.css';

export type TenantChoice = { slug: string; name: string; role: string | null };

/** The current workspace, and a menu to open another or create one. */
export function TenantSwitcher({ current, tenants }: { current: TenantChoice; tenants: TenantChoice[] }) {
  return (
    <Popover
      label={`Workspace: ${current.name}. Switch workspace`}
      triggerClassName={styles.switcher}
      trigger={
        <>
          <span className={styles.tenantAvatar} aria-hidden="true">
            {current.name.charAt(0).toUpperCase()}
          </span>
          <span className={styles.switcherText}>
            <span className={styles.switcherName}>{current.name}</span>
            <span className={styles.switcherRole}>{current.role ?? 'platform admin'}</span>
          </span>
          <ChevronsUpDownIcon className={styles.switcherChevron} />
        </>
      }
    >
      <p className={styles.menuLabel}>Workspaces</p>
      <ul className={styles.menuList}>
        {tenants.map((tenant) => (
          <li key={tenant.slug}>
            <Link
              href={`/${tenant.slug}`}
              className={styles.menuItem}
              aria-current={tenant.slug === current.slug ? 'true' : undefined}
            >
              <span className={styles.tenantAvatarSmall} aria-hidden="true">
                {tenant.name.charAt(0).toUpperCase()}
              </span>
              <span className={styles.menuItemText}>{tenant.name}</span>
              {tenant.slug === current.slug ? <CheckIcon className={styles.menuCheck} /> : null}
            </Link>
          </li>
        ))}
      </ul>
      <div className={styles.menuSeparator} />
      <Link href="/new" className={styles.menuItem}>
        <PlusIcon className={frame.navIcon} />
        <span className={styles.menuItemText}>Create workspace</span>
      </Link>
    </Popover>
  );
}
