'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentType, SVGProps } from 'react';
import { consoleSections, type ConsoleIcon, sectionHref } from '@/lib/console-navigation';
import {
  ChartIcon,
  CreditCardIcon,
  GaugeIcon,
  GridIcon,
  KeyIcon,
  ListIcon,
  SettingsIcon,
  ShieldIcon,
  TerminalIcon,
  UsersIcon,
} from '../ui/icons';
import styles from './console-shell.module.css';

const icons: Record<ConsoleIcon, ComponentType<SVGProps<SVGSVGElement>>> = {
  dashboard: GridIcon,
  keys: KeyIcon,
  usage: ChartIcon,
  billing: CreditCardIcon,
  sla: GaugeIcon,
  audit: ListIcon,
  policies: ShieldIcon,
  members: UsersIcon,
  settings: SettingsIcon,
  playground: TerminalIcon,
};

/** The tenant's sections; the current one is marked for the eye and for screen readers. */
export function ConsoleNav({ tenantSlug, label = 'Console' }: { tenantSlug: string; label?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label}>
      <ul className={styles.navList}>
        {consoleSections.map((section) => {
          const Icon = icons[section.icon];
          const href = sectionHref(tenantSlug, section);
          const active = section.segment === '' ? pathname === href : pathname.startsWith(href);
          return (
            <li key={section.segment}>
              <Link
                href={href}
                className={`${styles.navLink} ${active ? styles.navLinkActive : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon className={styles.navIcon} />
                <span>{section.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** "Workspace / Section" in the header. */
export function ConsoleBreadcrumb({ tenantName, tenantSlug }: { tenantName: string; tenantSlug: string }) {
  const pathname = usePathname();
  const current = [...consoleSections]
    .reverse()
    .find((section) => section.segment !== '' && pathname.startsWith(sectionHref(tenantSlug, section)));
  return (
    <p className={styles.breadcrumb}>
      <span>{tenantName}</span>
      <span aria-hidden="true" className={styles.breadcrumbSeparator}>
        /
      </span>
      <span className={styles.breadcrumbCurrent}>{current?.label ?? 'Dashboard'}</span>
    </p>
  );
}
