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
  ShieldAlertIcon,
  ShieldIcon,
  TerminalIcon,
  UsersIcon,
} from '../ui/icons';
import frame from '@/components/shell/shell-frame.module.css';

const icons: Record<ConsoleIcon, ComponentType<SVGProps<SVGSVGElement>>> = {
  dashboard: GridIcon,
  keys: KeyIcon,
  usage: ChartIcon,
  billing: CreditCardIcon,
  sla: GaugeIcon,
  guardrails: ShieldAlertIcon,
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
      <ul className={frame.navList}>
        {consoleSections.map((section) => {
          const Icon = icons[section.icon];
          const href = sectionHref(tenantSlug, section);
          const active = section.segment === '' ? pathname === href : pathname.startsWith(href);
          return (
            <li key={section.segment}>
              <Link
                href={href}
                className={`${frame.navLink} ${active ? frame.navLinkActive : ''}`}
                aria-current={active ? 'page' : undefined}
              >
                <Icon className={frame.navIcon} />
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
    <p className={frame.breadcrumb}>
      <span>{tenantName}</span>
      <span aria-hidden="true" className={frame.breadcrumbSeparator}>
        /
      </span>
      <span className={frame.breadcrumbCurrent}>{current?.label ?? 'Dashboard'}</span>
    </p>
  );
}
