import type { GatewayError } from '@llmguard/shared';
import type { UpstreamReply } from '../pipeline/upstream-reply';
import type { AttemptVerdict } from './attempt-verdict';

/**
 * One upstream call that did not produce an answer worth giving the client, and what to do about it. It carries
 * what the client gets if no other attempt does better: the upstream's own error answer (passed through as it
 * was), or the error the gateway would have raised.
 */
export class AttemptFailure extends Error {
  constructor(
    readonly verdict: AttemptVerdict,
    readonly outcome: { reply: Extract<UpstreamReply, { kind: 'json' }> } | { error: GatewayError },
  ) {
    super('reply' in outcome ? `upstream answered ${outcome.reply.status}` : outcome.error.message);
    this.name = 'AttemptFailure';
  }
}
