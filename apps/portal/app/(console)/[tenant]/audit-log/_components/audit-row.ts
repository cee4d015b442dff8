import type { ActorDisplay } from '@/lib/audit-display';

/** One audit entry as the table shows it, formatted on the server. */
export type AuditRow = {
  id: string;
  sequence: number;
  actor: ActorDisplay;
  /** Link to the log filtered to this actor; null for the system. */
  actorHref: string | null;
  action: string;
  target: string | null;
  occurredAt: string;
  relativeTime: string;
  absoluteTime: string;
  ip: string | null;
  userAgent: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  hash: string;
};
