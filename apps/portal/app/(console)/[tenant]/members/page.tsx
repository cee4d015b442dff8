import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { invitationsContract, membersContract, type InvitationView, type MemberView } from '@llmguard/shared';
import { PageHeader } from '@/components/console/page-header';
import { ButtonLink } from '@/components/ui/button';
import { callControlPlane } from '@/lib/control-plane';
import { formatDateTimeUtc } from '@/lib/audit-display';
import { formatDate, formatLastUsed } from '@/lib/format';
import { assignableRoles, canActOnMember, canManageMembers } from '@/lib/member-roles';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { getTenant, requireSession } from '@/lib/session';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { MembersView } from './_components/members-view';
import type { InvitationRow, MemberRow } from './_components/rows';
import styles from './_components/members.module.css';

export const metadata: Metadata = { title: 'Members' };

const PAGE_SIZE = 100;

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { tenant: slug } = await params;
  const cursor = firstParam(await searchParams, 'cursor');
  const user = await requireSession(`/${slug}/members`);
  const tenant = await getTenant(slug);
  if (!tenant) notFound();
  const canManage = canManageMembers(tenant.role, user.isPlatformAdmin);

  const [members, invitations] = await Promise.all([
    callControlPlane(membersContract.list, {
      params: { tenantSlug: slug },
      query: { limit: String(PAGE_SIZE), cursor },
    }),
    // Only owners and admins may list invitations; nobody else is shown them.
    canManage
      ? callControlPlane(invitationsContract.list, {
          params: { tenantSlug: slug },
          query: { status: 'pending', limit: String(PAGE_SIZE) },
        })
      : null,
  ]);
  if (!members.ok) {
    return (
      <>
        <PageHeader title="Members" />
        <ApiFailureAlert title="Could not load the members" failure={members.failure} />
      </>
    );
  }

  const now = new Date();
  const memberRows = members.data.data.map((member): MemberRow =>
    toMemberRow(member, user.id, canActOnMember(tenant.role, user.isPlatformAdmin, member.role), now),
  );
  const { nextCursor } = members.data;
  return (
    <>
      <MembersView
        tenantSlug={slug}
        tenantName={tenant.name}
        members={memberRows}
        invitations={invitations?.ok ? invitations.data.data.map(toInvitationRow) : null}
        invitationsFailure={invitations && !invitations.ok ? invitations.failure : null}
        canManage={canManage}
        assignableRoles={assignableRoles(tenant.role, user.isPlatformAdmin)}
      />
      {cursor || nextCursor ? (
        <nav aria-label="Pages" className={styles.pager}>
          {cursor ? (
            <ButtonLink href={`/${slug}/members`} variant="secondary" size="sm">
              First members
            </ButtonLink>
          ) : null}
          {nextCursor ? (
            <ButtonLink
              href={`/${slug}/members?cursor=${encodeURIComponent(nextCursor)}`}
              variant="secondary"
              size="sm"
            >
              More members
            </ButtonLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function toMemberRow(member: MemberView, userId: string, canAct: boolean, now: Date): MemberRow {
  return {
    id: member.id,
    name: member.name,
    email: member.email,
    role: member.role,
    joinedAt: member.createdAt,
    joinedLabel: formatDate(member.createdAt),
    lastLoginAt: member.lastLoginAt,
    lastLoginLabel: formatLastUsed(member.lastLoginAt, now),
    lastLoginTitle: member.lastLoginAt ? formatDateTimeUtc(member.lastLoginAt) : undefined,
    isYou: member.userId === userId,
    canAct,
  };
}

function toInvitationRow(invitation: InvitationView): InvitationRow {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    sentLabel: formatDate(invitation.createdAt),
    expiresAt: invitation.expiresAt,
    expiresLabel: formatDate(invitation.expiresAt),
  };
}
