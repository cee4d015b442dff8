import { z } from 'zod';
import { displayNameSchema, emailSchema, isoDateTimeSchema, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';

/** A new password: at least 12 characters (NIST SP 800-63B favours length over composition rules). */
export const newPasswordSchema = z.string().min(12).max(256);

/** The signed-in user as the API shows it; never the password hash. */
export const userSchema = z.object({
  id: prefixedIdSchema('usr'),
  email: z.string(),
  name: z.string(),
  emailVerifiedAt: isoDateTimeSchema.nullable(),
  isPlatformAdmin: z.boolean(),
  createdAt: isoDateTimeSchema,
});

export const signupRequestSchema = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
  name: displayNameSchema,
});

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  // Not the new-password rule: a login only has to match what is stored.
  password: z.string().min(1).max(256),
});

/**
 * A started session. The session id itself travels only in the httpOnly cookie; `csrfToken` equals the
 * `llmguard_csrf` cookie and must be echoed in `x-csrf-token` on every state-changing request.
 */
export const sessionResponseSchema = z.object({ user: userSchema, csrfToken: z.string() });

export const meResponseSchema = z.object({ user: userSchema });

/** A one-time token from an emailed link (verification or password reset). */
export const emailTokenSchema = z.string().min(20).max(200);

export const confirmEmailVerificationRequestSchema = z.strictObject({ token: emailTokenSchema });

export const requestPasswordResetRequestSchema = z.strictObject({ email: emailSchema });

export const confirmPasswordResetRequestSchema = z.strictObject({
  token: emailTokenSchema,
  password: newPasswordSchema,
});

/** Sign-up, sign-in and sessions. */
export const authContract = {
  signup: defineEndpoint({
    method: 'POST',
    path: '/api/auth/signup',
    summary: 'Creates an account with email and password and signs it in.',
    successStatus: 201,
    body: signupRequestSchema,
    response: sessionResponseSchema,
  }),
  login: defineEndpoint({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Signs in with email and password; sets the session and CSRF cookies.',
    successStatus: 200,
    body: loginRequestSchema,
    response: sessionResponseSchema,
  }),
  logout: defineEndpoint({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Ends the current session.',
    successStatus: 204,
  }),
  logoutAll: defineEndpoint({
    method: 'POST',
    path: '/api/auth/logout-all',
    summary: 'Ends every session of the signed-in user, on every device.',
    successStatus: 204,
  }),
  me: defineEndpoint({
    method: 'GET',
    path: '/api/auth/me',
    summary: 'The signed-in user.',
    successStatus: 200,
    response: meResponseSchema,
  }),
  requestEmailVerification: defineEndpoint({
    method: 'POST',
    path: '/api/auth/email-verification',
    summary: 'Emails the signed-in user a link that confirms their address (sign-up sends one too).',
    successStatus: 204,
  }),
  confirmEmailVerification: defineEndpoint({
    method: 'POST',
    path: '/api/auth/email-verification/confirm',
    summary: 'Confirms an email address with the token from the emailed link; needs no session.',
    successStatus: 200,
    body: confirmEmailVerificationRequestSchema,
    response: meResponseSchema,
  }),
  requestPasswordReset: defineEndpoint({
    method: 'POST',
    path: '/api/auth/password-reset',
    summary: 'Emails a password-reset link if the address has an account; answers the same either way.',
    successStatus: 204,
    body: requestPasswordResetRequestSchema,
  }),
  confirmPasswordReset: defineEndpoint({
    method: 'POST',
    path: '/api/auth/password-reset/confirm',
    summary: 'Sets a new password with the token from the emailed link and ends every session of the user.',
    successStatus: 204,
    body: confirmPasswordResetRequestSchema,
  }),
};

export type UserView = z.infer<typeof userSchema>;
export type SignupRequest = z.input<typeof signupRequestSchema>;
export type LoginRequest = z.input<typeof loginRequestSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
