import { proxyToGateway } from '@/lib/playground/gateway-proxy';

/** The playground's model list: the gateway's GET /v1/models for the pasted key. */
export function GET(request: Request): Promise<Response> {
  return proxyToGateway(request, 'models');
}
