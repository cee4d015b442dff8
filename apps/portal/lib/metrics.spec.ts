import { describe, expect, it } from 'vitest';
import { portalMetrics, recordControlPlaneCall } from './metrics';

describe('portal metrics', () => {
  it('counts control-plane calls by route pattern, method and status, and times them', async () => {
    recordControlPlaneCall('/api/tenants/{tenantSlug}/keys', 'GET', 200, 0.012);
    recordControlPlaneCall('/api/tenants/{tenantSlug}/keys', 'GET', 200, 0.02);
    recordControlPlaneCall('/api/auth/login', 'POST', 'unreachable', 5);
    const text = await portalMetrics().registry.metrics();
    expect(text).toContain(
      'llmguard_portal_control_plane_requests_total{route="/api/tenants/{tenantSlug}/keys",method="GET",status="200"} 2',
    );
    expect(text).toContain(
      'llmguard_portal_control_plane_requests_total{route="/api/auth/login",method="POST",status="unreachable"} 1',
    );
    expect(text).toContain(
      'llmguard_portal_control_plane_request_duration_seconds_count{route="/api/tenants/{tenantSlug}/keys"} 2',
    );
    expect(text).toContain('llmguard_portal_process_cpu_seconds_total');
  });

  it('keeps one registry per process', () => {
    expect(portalMetrics()).toBe(portalMetrics());
  });
});
