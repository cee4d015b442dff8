'use client';

import Link from 'next/link';
import { logOut } from '@/app/(auth)/actions';
import { LogOutIcon, ShieldIcon } from '../ui/icons';
import { Popover } from '../ui/popover';
import frame from '@/components/shell/shell-frame.module.css';
import styles from './console-shell.module.css';

/** The signed-in user's initials, name and email, the admin area for platform admins, and the way out. */
export function UserMenu({
  name,
  email,
  isPlatformAdmin = false,
}: {
  name: string;
  email: string;
  isPlatformAdmin?: boolean;
}) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
  return (
    <Popover
      label={`Account: ${name}`}
      align="end"
      triggerClassName={styles.avatarButton}
      trigger={<span aria-hidden="true">{initials || '?'}</span>}
    >
      <div className={styles.userCard}>
        <p className={styles.userName}>{name}</p>
        <p className={styles.userEmail}>{email}</p>
      </div>
      <div className={styles.menuSeparator} />
      {isPlatformAdmin ? (
        <Link href="/admin/tenants" className={styles.menuItem}>
          <ShieldIcon className={frame.navIcon} />
          <span className={styles.menuItemText}>Platform admin</span>
        </Link>
      ) : null}
      <form action={logOut}>
        <button type="submit" className={styles.menuItem}>
          <LogOutIcon className={frame.navIcon} />
          <span className={styles.menuItemText}>Log out</span>
        </button>
      </form>
    </Popover>
  );
}
