import { GatewayError } from '@llmguard/shared';

/** 403 `tenant_suspended`: the tenant is suspended by the platform, so nothing in it may change. */
export function tenantSuspended(): GatewayError {
  return new GatewayError('tenant_suspended', {
    publicMessage:
      'This tenant is suspended: its settings are read-only and its API keys are refused. Contact support to reactivate it.',
  });
}
