import { z } from 'zod';
import { isoDateTimeSchema, pageSchema, paginationQueryShape, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { memberRoleSchema } from './tenants.contract';

/** A membership: who the member is and their role. */
export const memberSchema = z.object({
  id: prefixedIdSchema('mem'),
  userId: prefixedIdSchema('usr'),
  email: z.string(),
  name: z.string(),
  role: memberRoleSchema,
  /** The member's last sign-in (password or SSO), to any workspace; null if they never signed in. */
  lastLoginAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const listMembersQuerySchema = z.strictObject({ ...paginationQueryShape });

export const changeMemberRoleRequestSchema = z.strictObject({ role: memberRoleSchema });

const membersPath = '/api/tenants/:tenantSlug/members';

/** Members of a tenant: list, change a role, remove. */
export const membersContract = {
  list: defineEndpoint({
    method: 'GET',
    path: membersPath,
    summary: 'Members of the tenant, oldest first.',
    successStatus: 200,
    query: listMembersQuerySchema,
    response: pageSchema(memberSchema),
  }),
  changeRole: defineEndpoint({
    method: 'PATCH',
    path: `${membersPath}/:memberId`,
    summary: "Changes a member's role. Only owners grant or take away the owner role; the last owner stays.",
    successStatus: 200,
    body: changeMemberRoleRequestSchema,
    response: memberSchema,
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: `${membersPath}/:memberId`,
    summary: 'Removes a member from the tenant. Only owners remove owners; the last owner stays.',
    successStatus: 204,
  }),
};

export type MemberView = z.infer<typeof memberSchema>;
export type ChangeMemberRoleRequest = z.input<typeof changeMemberRoleRequestSchema>;
