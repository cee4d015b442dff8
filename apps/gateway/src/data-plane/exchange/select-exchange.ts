import { GatewayError } from '@llmguard/shared';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { anthropicPassthrough } from '../passthrough/anthropic.passthrough';
import { openAIPassthrough } from '../passthrough/openai.passthrough';
import type { RequestContext } from '../pipeline/request-context';
import { providerAdapterFor } from '../providers/provider-registry';
import { anthropicWire } from '../wire/anthropic.wire';
import { openAIWire } from '../wire/openai.wire';
import type { Exchange } from './exchange';
import { passthroughExchange } from './passthrough.exchange';
import { translatingExchange } from './translating.exchange';

const OPENAI_PASSTHROUGH = passthroughExchange(openAIPassthrough);
const ANTHROPIC_PASSTHROUGH = passthroughExchange(anthropicPassthrough);

/**
 * Passthrough whenever client and upstream speak the same format (the fast path: no
 * re-serialisation); otherwise chat requests are translated through the canonical types.
 */
export function selectExchange(context: RequestContext, deployment: ResolvedDeployment): Exchange {
  if (context.wire === 'openai' && deployment.provider === 'openai') return OPENAI_PASSTHROUGH;
  if (context.wire === 'anthropic' && deployment.provider === 'anthropic') return ANTHROPIC_PASSTHROUGH;
  if (context.endpoint === 'chat/completions' || context.endpoint === 'messages') {
    const codec = context.wire === 'anthropic' ? anthropicWire : openAIWire;
    return translatingExchange(codec, providerAdapterFor(deployment.provider), context);
  }
  throw new GatewayError('invalid_request', {
    publicMessage: `The model \`${context.model}\` is served by a \`${deployment.provider}\` deployment, which does not offer /v1/${context.endpoint}.`,
    param: 'model',
  });
}
