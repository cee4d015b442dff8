import { Injectable } from '@nestjs/common';
import type { CachedAnswerEntry } from './answers/cached-answer';

/** The leader of a flight: it calls upstream, then lands the flight with its answer (or none, when it failed). */
export type FlightLeader = { land(answer: CachedAnswerEntry | undefined): void };

export type FlightSeat = { leader: FlightLeader } | { answer: Promise<CachedAnswerEntry | undefined> };

/**
 * Request coalescing (single flight): identical cacheable requests that arrive while one of them is upstream wait for
 * its answer instead of making calls of their own. Keyed by tenant and canonical request hash, so flights never cross
 * tenants. Per gateway instance: across instances the exact cache catches up once the first answer is stored.
 */
@Injectable()
export class Coalescing {
  private readonly flights = new Map<string, Promise<CachedAnswerEntry | undefined>>();

  /** Leads a new flight for the key, or joins the one in the air. */
  board(tenantId: string, hash: string): FlightSeat {
    const key = `${tenantId}:${hash}`;
    const inFlight = this.flights.get(key);
    if (inFlight) return { answer: inFlight };
    let land!: (answer: CachedAnswerEntry | undefined) => void;
    this.flights.set(
      key,
      new Promise((resolve) => {
        land = resolve;
      }),
    );
    let landed = false;
    return {
      leader: {
        land: (answer) => {
          if (landed) return;
          landed = true;
          this.flights.delete(key);
          land(answer);
        },
      },
    };
  }

  /** Flights in the air (for tests and metrics). */
  get size(): number {
    return this.flights.size;
  }
}
