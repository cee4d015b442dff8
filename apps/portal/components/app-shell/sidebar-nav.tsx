'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentType, SVGProps } from 'react';
import { ActivityIcon, CodeIcon, HomeIcon, LogInIcon, UserPlusIcon } from '../ui/icons';
import frame from '../shell/shell-frame.module.css';
import styles from './app-shell.module.css';
import type { NavIcon, NavSection } from './navigation';

const icons: Record<NavIcon, ComponentType<SVGProps<SVGSVGElement>>> = {
  home: HomeIcon,
  code: CodeIcon,
  activity: ActivityIcon,
  'log-in': LogInIcon,
  'user-plus': UserPlusIcon,
};

/** The sidebar links; the one for the current page is highlighted. Anchor links never are. */
export function SidebarNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={styles.nav}>
      {sections.map((section) => (
        <div key={section.label} className={styles.navSection}>
          <p className={styles.navLabel}>{section.label}</p>
          <ul className={frame.navList}>
            {section.items.map((item) => {
              const Icon = icons[item.icon];
              const active = !item.href.includes('#') && item.href === pathname;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    className={`${frame.navLink} ${active ? frame.navLinkActive : ''}`}
                    aria-current={active ? 'page' : undefined}
                  >
                    <Icon className={frame.navIcon} />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** "/ Label" of the current page in the navigation, for the header breadcrumb; nothing on other pages. */
export function CurrentPageTitle({
  sections,
  className,
  separatorClassName,
}: {
  sections: NavSection[];
  className?: string;
  separatorClassName?: string;
}) {
  const pathname = usePathname();
  const current = sections.flatMap((section) => section.items).find((item) => item.href === pathname);
  if (!current) return null;
  return (
    <>
      <span aria-hidden="true" className={separatorClassName}>
        /
      </span>
      <span className={className}>{current.label}</span>
    </>
  );
}
