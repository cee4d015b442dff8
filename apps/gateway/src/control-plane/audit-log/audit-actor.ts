import type { RequestMeta } from '../common/request-meta';
import type { Principal } from '../auth/principal';
import type { AuditActor } from './audit-log.writer';

/** The audit actor of a request: the signed-in user, or the management key. */
export function auditActorOf(principal: Principal, meta: RequestMeta): AuditActor {
  return principal.type === 'user'
    ? { type: 'user', id: principal.userId, ...meta }
    : { type: 'api_key', id: principal.keyId, ...meta };
}
