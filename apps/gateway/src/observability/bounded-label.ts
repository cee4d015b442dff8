/**
 * Label values from an open set (model aliases, deployment names) kept to a bounded number of series: the first
 * `max` distinct values are used as they are, later ones become `other`. Tenants define aliases, so without a
 * bound one tenant could grow the series count (and Prometheus's memory) without limit.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string | null | undefined): string {
    if (!raw) return 'none';
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/**
 * Which tenants get series of their own (METRICS_TENANT_LABELS): `off` (none, the default), `all` (every tenant, up
 * to a bound), or a comma-separated list of tenant ids (the top customers an operator watches).
 */
export class TenantLabelPolicy {
  private readonly listed: ReadonlySet<string> | null;
  private readonly all: BoundedLabel | null;

  constructor(setting: string) {
    const trimmed = setting.trim();
    this.all = trimmed === 'all' ? new BoundedLabel(1_000) : null;
    this.listed =
      trimmed === 'all' || trimmed === 'off' || trimmed === ''
        ? null
        : new Set(
            trimmed
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          );
  }

  /** The tenant's label, or undefined when the tenant gets no series of its own. */
  labelFor(tenantId: string): string | undefined {
    if (this.all) return this.all.value(tenantId);
    return this.listed?.has(tenantId) ? tenantId : undefined;
  }
}
