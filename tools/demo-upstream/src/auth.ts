// Authentication: any key is fine by default (demo mode); with --api-key, only that one.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The key from `Authorization: Bearer <key>` or `x-api-key: <key>`, if any. */
export function presentedKey(headers: IncomingHttpHeaders): string | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  if (bearer) return bearer;
  const apiKey = headers['x-api-key'];
  const value = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  return value ? value.trim() : null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export function isAuthorized(headers: IncomingHttpHeaders, requiredKey: string | null): boolean {
  if (requiredKey === null) return true;
  const key = presentedKey(headers);
  // Hashing first gives equal-length buffers, as timingSafeEqual needs.
  return key !== null && timingSafeEqual(digest(key), digest(requiredKey));
}
