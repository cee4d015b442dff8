import { displayNameSchema, emailSchema } from '@llmguard/shared';
import type { IDToken, UserInfoResponse } from 'openid-client' with { 'resolution-mode': 'import' };

/** Who the identity provider says signed in. */
export type SsoProfile = {
  /** The `iss` of the ID token, which openid-client checked against the discovered issuer. */
  issuer: string;
  subject: string;
  /** Lower-cased; null when the provider sent none (or not an address). */
  email: string | null;
  emailVerified: boolean;
  /** A display name fit for users.name; null when the provider sent none usable. */
  name: string | null;
};

/** The profile from the ID token's claims, completed by UserInfo (whose `sub` openid-client matched to the token's). */
export function toSsoProfile(claims: IDToken, userInfo: UserInfoResponse | undefined): SsoProfile {
  const claim = (name: string) => claims[name] ?? userInfo?.[name];
  const email = emailSchema.safeParse(claim('email'));
  const name = displayNameSchema.safeParse(claim('name'));
  const verified = claim('email_verified');
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: email.success ? email.data : null,
    // Some providers send the flag as the string "true".
    emailVerified: email.success && (verified === true || verified === 'true'),
    name: name.success ? name.data : null,
  };
}
