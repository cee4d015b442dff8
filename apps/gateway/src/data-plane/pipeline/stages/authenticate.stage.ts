import { Injectable } from '@nestjs/common';
import { GatewayError, hashApiKey, looksLikeApiKey } from '@llmguard/shared';
import { KeyLastUsedRecorder } from '../../../key-usage/last-used.recorder';
import { KeyCatalog, type AuthenticatedKey } from '../../catalog/key-catalog';
import { headerValue, type RequestContext } from '../request-context';
import type { Stage } from '../stage';

/** Finds the API key in `Authorization: Bearer …` or `x-api-key` and resolves it to a tenant. */
@Injectable()
export class AuthenticateStage implements Stage {
  readonly name = 'authenticate';

  constructor(
    private readonly keys: KeyCatalog,
    private readonly lastUsed: KeyLastUsedRecorder,
  ) {}

  async run(context: RequestContext): Promise<void> {
    context.apiKey = await this.authenticate(context.headers);
  }

  /** The active key named by the request headers, or a 401 (403 when its tenant is suspended) GatewayError. */
  async authenticate(headers: RequestContext['headers']): Promise<AuthenticatedKey> {
    const secret = extractKey(headers);
    if (!secret) {
      throw new GatewayError('invalid_api_key', {
        publicMessage:
          'You did not provide an API key. Send it as "Authorization: Bearer YOUR_KEY" or in the "x-api-key" header.',
      });
    }
    const key = looksLikeApiKey(secret) ? await this.keys.findActiveByHash(hashApiKey(secret)) : null;
    if (!key) {
      throw new GatewayError('invalid_api_key', {
        publicMessage: `Incorrect API key provided: ${maskKey(secret)}. Create or find your keys in the LLMGuard portal.`,
      });
    }
    if (key.tenantStatus === 'suspended') {
      throw new GatewayError('tenant_suspended', {
        publicMessage: 'This API key belongs to a suspended tenant. Contact your LLMGuard administrator.',
      });
    }
    this.lastUsed.touch(key.id);
    return key;
  }
}

function extractKey(headers: RequestContext['headers']): string | undefined {
  const authorization = headerValue(headers, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? headerValue(headers, 'x-api-key')?.trim();
}

/** Shows only enough of a key for its owner to recognise it, as OpenAI does. */
function maskKey(secret: string): string {
  return secret.length <= 12 ? '****' : `${secret.slice(0, 8)}****${secret.slice(-4)}`;
}
