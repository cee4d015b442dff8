'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import shellStyles from '@/components/console/console-shell.module.css';
import { ArrowLeftIcon, ChartIcon, GridIcon } from '@/components/ui/icons';

const SECTIONS = [
  { href: '/admin/tenants', label: 'Tenants', Icon: GridIcon },
  { href: '/admin/usage', label: 'Platform usage', Icon: ChartIcon },
] as const;

/** The admin sections, and the way back to the user's own workspaces. */
export function AdminNav({ label = 'Platform admin' }: { label?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label}>
      <ul className={shellStyles.navList}>
        {SECTIONS.map(({ href, label: text, Icon }) => {
          const active = pathname.startsWith(href);
          return (
            <li key={href}>
              <Link
                href={href}
                className={`${shellStyles.navLink} ${active ? shellStyles.navLinkActive : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon className={shellStyles.navIcon} />
                <span>{text}</span>
              </Link>
            </li>
          );
        })}
        <li>
          <Link href="/app" className={shellStyles.navLink}>
            <ArrowLeftIcon className={shellStyles.navIcon} />
            <span>Back to my workspaces</span>
          </Link>
        </li>
      </ul>
    </nav>
  );
}

/** "Platform admin / Section" in the header. */
export function AdminBreadcrumb() {
  const pathname = usePathname();
  const current = SECTIONS.find((section) => pathname.startsWith(section.href));
  return (
    <p className={shellStyles.breadcrumb}>
      <span>Platform admin</span>
      <span aria-hidden="true" className={shellStyles.breadcrumbSeparator}>
        /
      </span>
      <span className={shellStyles.breadcrumbCurrent}>{current?.label ?? 'Tenants'}</span>
    </p>
  );
}
