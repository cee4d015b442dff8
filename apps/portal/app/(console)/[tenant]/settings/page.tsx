import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ssoContract, ssoMemberRoleSchema } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { callControlPlane } from '@/lib/control-plane';
import { getEnv } from '@/lib/env';
import { formatDate } from '@/lib/format';
import { canManageMembers } from '@/lib/member-roles';
import { getTenant, requireSession } from '@/lib/session';
import { ssoCallbackUrl, ssoFormDefaults } from '@/lib/sso-form';
import { GeneralSettingsForm } from './_components/general-settings-form';
import { SsoSettings } from './_components/sso-settings';
import styles from './_components/settings.module.css';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await requireSession(`/${slug}/settings`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();
  // tenant.update and sso.* are the owner's and the admin's (and platform admins').
  const canManage = canManageMembers(tenant.role, user.isPlatformAdmin);
  const sso = canManage ? await callControlPlane(ssoContract.get, { params: { tenantSlug: slug } }) : null;
  const ssoMissing = sso !== null && !sso.ok && sso.failure.status === 404;
  const connection = sso?.ok ? sso.data : null;
  const callbackPath = connection?.callbackPath ?? `/api/auth/sso/${slug}/callback`;

  return (
    <>
      <PageHeader title="Settings" description={`How ${tenant.name} is named and how its members sign in.`} />
      {!canManage ? (
        <p className={styles.readOnlyNote}>
          Only owners and admins can change the settings of this workspace.
        </p>
      ) : null}
      <div className={styles.stack}>
        <GeneralSettingsForm
          tenantSlug={slug}
          name={tenant.name}
          tenantId={tenant.id}
          createdLabel={formatDate(tenant.createdAt)}
          canManage={canManage}
        />
        {canManage ? (
          sso && !sso.ok && !ssoMissing ? (
            <ApiFailureAlert title="Could not load the single sign-on settings" failure={sso.failure} />
          ) : (
            <SsoSettings
              tenantSlug={slug}
              configured={connection !== null}
              defaults={ssoFormDefaults(connection)}
              callbackUrl={ssoCallbackUrl(getEnv().CONTROL_PLANE_URL, callbackPath)}
              updatedLabel={connection ? formatDate(connection.updatedAt) : null}
              roleOptions={ssoMemberRoleSchema.options}
            />
          )
        ) : null}
      </div>
    </>
  );
}
