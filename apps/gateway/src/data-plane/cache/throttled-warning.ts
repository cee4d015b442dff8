import { Logger } from '@nestjs/common';

const QUIET_MS = 60_000;

/**
 * A warning logged at most once a minute: a cache whose store is down fails every lookup, and one line a minute says
 * so without flooding the log (each failure is still a miss, never a failed request).
 */
export class ThrottledWarning {
  private readonly logger: Logger;
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(context: string) {
    this.logger = new Logger(context);
  }

  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastMs < QUIET_MS) return;
    this.lastMs = now;
    this.logger.warn(message);
  }
}
