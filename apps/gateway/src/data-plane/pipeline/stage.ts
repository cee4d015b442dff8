import type { RequestContext } from './request-context';

export type StageName =
  | 'authenticate'
  | 'authorize-scope'
  | 'read-upload'
  | 'input-guardrails'
  | 'fan-out'
  | 'route'
  | 'cache-lookup'
  | 'admit'
  | 'embeddings'
  | 'call-provider';

/** One step of the data-plane pipeline. A stage stops the request by throwing a GatewayError. */
export type Stage = {
  readonly name: StageName;
  run(context: RequestContext): Promise<void> | void;
};
