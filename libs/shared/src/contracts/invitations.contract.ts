import { z } from 'zod';
import {
  emailSchema,
  isoDateTimeSchema,
  pageSchema,
  paginationQueryShape,
  prefixedIdSchema,
} from './common.schemas';
import { defineEndpoint } from './endpoint';
import { memberSchema } from './members.contract';
import { memberRoleSchema, tenantSchema } from './tenants.contract';

/**
 * Where an invitation stands, derived at read time: `pending` until it is accepted, revoked (or replaced) or past
 * its expiry.
 */
export const invitationStatusSchema = z.enum(['pending', 'accepted', 'expired', 'revoked']);

/** An invitation as owners and admins see it. The token is never shown: it exists only in the email. */
export const invitationSchema = z.object({
  id: prefixedIdSchema('inv'),
  email: z.string(),
  role: memberRoleSchema,
  status: invitationStatusSchema,
  /** The user who sent it; null when a management key sent it or the user was deleted. */
  invitedById: z.string().nullable(),
  expiresAt: isoDateTimeSchema,
  acceptedAt: isoDateTimeSchema.nullable(),
  acceptedById: z.string().nullable(),
  revokedAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
});

export const createInvitationRequestSchema = z.strictObject({ email: emailSchema, role: memberRoleSchema });

export const listInvitationsQuerySchema = z.strictObject({
  ...paginationQueryShape,
  status: invitationStatusSchema.optional(),
});

/** The one-time token from the emailed link (43 base64url characters as issued; bounded either way). */
export const acceptInvitationRequestSchema = z.strictObject({
  token: z
    .string()
    .min(16)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the token from the invitation link'),
});

/** The tenant joined (with the new role) and the new membership. */
export const acceptInvitationResponseSchema = z.object({ tenant: tenantSchema, member: memberSchema });

const invitationsPath = '/api/tenants/:tenantSlug/invitations';

/** Invitations: owners and admins invite by email; the invitee, signed in with that address, accepts. */
export const invitationsContract = {
  list: defineEndpoint({
    method: 'GET',
    path: invitationsPath,
    summary: "The tenant's invitations, newest first, optionally of one status.",
    successStatus: 200,
    query: listInvitationsQuerySchema,
    response: pageSchema(invitationSchema),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: invitationsPath,
    summary:
      'Invites an address with a role and emails it a one-time link; replaces a pending invitation of the same address. Only owners invite owners.',
    successStatus: 201,
    body: createInvitationRequestSchema,
    response: invitationSchema,
  }),
  revoke: defineEndpoint({
    method: 'POST',
    path: `${invitationsPath}/:invitationId/revoke`,
    summary: 'Revokes an invitation that has not been accepted; its link stops working.',
    successStatus: 200,
    response: invitationSchema,
  }),
  accept: defineEndpoint({
    method: 'POST',
    path: '/api/invitations/accept',
    summary:
      "Joins the tenant with the invitation's role. The signed-in user's email must be the invited address.",
    successStatus: 200,
    body: acceptInvitationRequestSchema,
    response: acceptInvitationResponseSchema,
  }),
};

export type InvitationStatus = z.infer<typeof invitationStatusSchema>;
export type InvitationView = z.infer<typeof invitationSchema>;
export type CreateInvitationRequest = z.input<typeof createInvitationRequestSchema>;
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequestSchema>;
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponseSchema>;
