import type { ReactNode } from 'react';
import { ShellFrame } from '../shell/shell-frame';
import { ConsoleBreadcrumb, ConsoleNav } from './console-nav';
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
    <ShellFrame
      home={{ href: `/${tenant.slug}`, label: 'LLMGuard console home' }}
      sidebar={
        <>
          <TenantSwitcher current={tenant} tenants={tenants} />
          <ConsoleNav tenantSlug={tenant.slug} />
        </>
      }
      phoneMenu={
        <>
          <TenantSwitcher current={tenant} tenants={tenants} />
          <ConsoleNav tenantSlug={tenant.slug} label="Console (menu)" />
        </>
      }
      breadcrumb={<ConsoleBreadcrumb tenantName={tenant.name} tenantSlug={tenant.slug} />}
      actions={<UserMenu name={user.name} email={user.email} isPlatformAdmin={user.isPlatformAdmin} />}
      banner={banner}
    >
      {children}
    </ShellFrame>
  );
}
