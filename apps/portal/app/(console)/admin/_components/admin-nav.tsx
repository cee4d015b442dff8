'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import frame from '@/components/shell/shell-frame.module.css';
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
      <ul className={frame.navList}>
        {SECTIONS.map(({ href, label: text, Icon }) => {
          const active = pathname.startsWith(href);
          return (
            <li key={href}>
              <Link
                href={href}
                className={`${frame.navLink} ${active ? frame.navLinkActive : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon className={frame.navIcon} />
                <span>{text}</span>
              </Link>
            </li>
          );
        })}
        <li>
          <Link href="/app" className={frame.navLink}>
            <ArrowLeftIcon className={frame.navIcon} />
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
    <p className={frame.breadcrumb}>
      <span>Platform admin</span>
      <span aria-hidden="true" className={frame.breadcrumbSeparator}>
        /
      </span>
      <span className={frame.breadcrumbCurrent}>{current?.label ?? 'Tenants'}</span>
    </p>
  );
}
