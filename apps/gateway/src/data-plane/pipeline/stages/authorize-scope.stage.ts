import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import type { Endpoint, RequestContext } from '../request-context';
import type { Stage } from '../stage';

/** The key scope each data-plane endpoint needs (the scopes are apiKeyScopeSchema in libs/shared). */
const SCOPE_OF: Readonly<Record<Endpoint, string>> = {
  'chat/completions': 'inference',
  completions: 'inference',
  responses: 'inference',
  messages: 'inference',
  embeddings: 'embeddings',
  'audio/transcriptions': 'audio',
  'images/generations': 'images',
};

/**
 * Refuses endpoints the key's scopes do not cover (403), before anything is read or routed: a key made for
 * embeddings only cannot spend on chat.
 */
@Injectable()
export class AuthorizeScopeStage implements Stage {
  readonly name = 'authorize-scope';

  run(context: RequestContext): void {
    const key = context.apiKey;
    if (!key) throw new Error('authorize-scope stage ran before authenticate');
    const scope = SCOPE_OF[context.endpoint];
    if (!key.scopes.includes(scope)) {
      throw new GatewayError('permission_denied', {
        publicMessage: `This API key may not call /v1/${context.endpoint}: it lacks the \`${scope}\` scope. Add the scope to the key in the LLMGuard portal, or use another key.`,
      });
    }
  }
}
