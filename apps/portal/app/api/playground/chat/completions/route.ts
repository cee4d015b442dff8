import { proxyToGateway } from '@/lib/playground/gateway-proxy';

/** The playground's chat call: the gateway's POST /v1/chat/completions, streamed through. */
export function POST(request: Request): Promise<Response> {
  return proxyToGateway(request, 'chat/completions');
}
