import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { checkStripeParams } from './stripe-params';

/**
 * A local stand-in for the few Stripe endpoints LLMGuard calls, for tests without the internet: the official SDK is
 * pointed at it (STRIPE_API_BASE_URL). It behaves like Stripe where our code depends on it:
 * - `Idempotency-Key`: a repeated key with the same body replays the first answer; with another body it is a 400
 *   `idempotency_error` (https://docs.stripe.com/api/idempotent_requests).
 * - bodies are checked against Stripe's documented parameters (stripe-params.ts): a missing, unknown or malformed
 *   parameter is a 400 `invalid_request_error` naming it, as Stripe answers (https://docs.stripe.com/error-codes).
 * - meter events are deduplicated on `identifier`: a second event with a known identifier is accepted and ignored,
 *   so it is never counted twice (https://docs.stripe.com/api/billing/meter-event/create).
 * It records every request, can fail the next calls to a path on demand, and can drop an answer after doing the
 * work (Stripe succeeded, the caller never heard: the crash the outbox must survive).
 */
export type RecordedRequest = {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: FormBody;
};

/** A form-encoded Stripe body decoded into nested objects (`a[b][0]=x` → `{ a: { b: { 0: 'x' } } }`). */
export type FormBody = { [key: string]: string | FormBody };

export type MeterEventRecord = {
  identifier: string;
  eventName: string;
  customer: string;
  value: number;
  timestamp: number;
};

type Answer = { status: number; body: unknown };
type Failure = { status: number; body: unknown; remaining: number };

export type FakeStripe = {
  url: string;
  requests: RecordedRequest[];
  /** Customers by id. */
  customers: Map<string, FormBody & { id: string }>;
  /** Meter events Stripe kept (one per identifier). */
  meterEvents: MeterEventRecord[];
  /** The next `times` calls to `path` answer `status` with a Stripe error body (type from the status). */
  failNext(path: string, status: number, times?: number): void;
  /** The next `times` calls to `path` are carried out, but their connections are cut before the answer. */
  dropNextAnswers(path: string, times?: number): void;
  /** Forgets every idempotency key, as Stripe does after 24 hours; meter identifiers are still deduplicated. */
  forgetIdempotencyKeys(): void;
  /** Sum of the values Stripe kept for a customer and meter. */
  meterTotal(customer: string, eventName: string): number;
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, FormBody & { id: string }>();
  const meterEvents: MeterEventRecord[] = [];
  const idempotent = new Map<string, { body: string; answer: Answer }>();
  const failures = new Map<string, Failure>();
  const drops = new Map<string, number>();
  // Ids are unique across runs too, as Stripe's are: the test database outlives every fake.
  const run = Math.random().toString(36).slice(2, 10);
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}_fake${run}${String(++sequence).padStart(6, '0')}`;

  const routes: Record<string, (body: FormBody) => Answer> = {
    '/v1/customers': (body) => {
      const customer = { ...body, id: nextId('cus'), object: 'customer' };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    },
    '/v1/subscriptions': (body) => ({ status: 200, body: subscriptionFrom(body, nextId) }),
    '/v1/checkout/sessions': (body) => {
      const id = nextId('cs');
      return {
        status: 200,
        body: {
          id,
          object: 'checkout.session',
          mode: body.mode,
          customer: body.customer,
          url: `https://checkout.stripe.test/c/${id}`,
        },
      };
    },
    '/v1/billing_portal/sessions': (body) => {
      const id = nextId('bps');
      return {
        status: 200,
        body: {
          id,
          object: 'billing_portal.session',
          customer: body.customer,
          return_url: body.return_url,
          url: `https://billing.stripe.test/p/${id}`,
        },
      };
    },
    '/v1/billing/meter_events': (body) => {
      const payload = body.payload as FormBody;
      const event = {
        identifier: String(body.identifier),
        eventName: String(body.event_name),
        customer: String(payload.stripe_customer_id),
        value: Number(payload.value),
        timestamp: Number(body.timestamp),
      };
      // Like Stripe: an identifier seen before is accepted, and the event is not counted again.
      if (!meterEvents.some((known) => known.identifier === event.identifier)) meterEvents.push(event);
      return {
        status: 200,
        body: {
          object: 'billing.meter_event',
          event_name: event.eventName,
          identifier: event.identifier,
          payload,
          timestamp: event.timestamp,
        },
      };
    },
  };

  const answer = (path: string, rawBody: string, idempotencyKey: string | undefined): Answer => {
    const failure = failures.get(path);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      return { status: failure.status, body: failure.body };
    }
    // Stripe saves no idempotent answer for a request refused by validation: a corrected retry may reuse the key.
    const invalid = routes[path] ? checkStripeParams(path, parseForm(rawBody)) : null;
    if (invalid) return { status: 400, body: { error: { type: 'invalid_request_error', ...invalid } } };
    if (idempotencyKey !== undefined) {
      const seen = idempotent.get(idempotencyKey);
      if (seen && seen.body !== rawBody)
        return stripeError(
          400,
          'Keys for idempotent requests can only be used with the same parameters.',
          'idempotency_error',
        );
      if (seen) return seen.answer;
    }
    const route = routes[path];
    const result = route
      ? route(parseForm(rawBody))
      : stripeError(404, `Unrecognized request URL (POST: ${path})`);
    // Stripe saves the answer of a key only once the request got past validation and was carried out.
    if (idempotencyKey !== undefined && result.status < 500)
      idempotent.set(idempotencyKey, { body: rawBody, answer: result });
    return result;
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const idempotencyKey = header(request, 'idempotency-key');
      requests.push({ method: request.method ?? 'GET', path, idempotencyKey, body: parseForm(rawBody) });
      const result =
        request.method === 'POST' ? answer(path, rawBody, idempotencyKey) : stripeError(404, 'not faked');
      const dropsLeft = drops.get(path) ?? 0;
      if (dropsLeft > 0) {
        drops.set(path, dropsLeft - 1);
        response.socket?.destroy();
        return;
      }
      response.writeHead(result.status, { 'content-type': 'application/json', 'request-id': nextId('req') });
      response.end(JSON.stringify(result.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    meterEvents,
    failNext(path, status, times = 1) {
      failures.set(path, { ...stripeError(status, `fake failure ${status}`), remaining: times });
    },
    dropNextAnswers(path, times = 1) {
      drops.set(path, times);
    },
    forgetIdempotencyKeys() {
      idempotent.clear();
    },
    meterTotal(customer, eventName) {
      return meterEvents
        .filter((event) => event.customer === customer && event.eventName === eventName)
        .reduce((sum, event) => sum + event.value, 0);
    },
    requestsTo(path) {
      return requests.filter((request) => request.path === path);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A subscription as Stripe answers one (API 2026-10-28: billing periods live on the items). */
function subscriptionFrom(body: FormBody, nextId: (prefix: string) => string) {
  const now = Math.floor(Date.now() / 1000);
  const items = Object.values((body.items ?? {}) as FormBody).map((item) => ({
    id: nextId('si'),
    object: 'subscription_item',
    price: { id: String((item as FormBody).price), object: 'price' },
    current_period_start: now,
    current_period_end: now + 30 * 86_400,
  }));
  return {
    id: nextId('sub'),
    object: 'subscription',
    customer: body.customer,
    status: 'active',
    metadata: body.metadata ?? {},
    items: { object: 'list', data: items },
    cancel_at_period_end: false,
    canceled_at: null,
    trial_end: null,
    created: now,
  };
}

function stripeError(status: number, message: string, type?: string): Answer {
  const errorType =
    type ??
    (status === 429
      ? 'rate_limit_error'
      : status === 401
        ? 'authentication_error'
        : status >= 500
          ? 'api_error'
          : 'invalid_request_error');
  return { status, body: { error: { type: errorType, message } } };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Decodes Stripe's form encoding: `metadata[tenant_id]=x&items[0][price]=y`. */
export function parseForm(raw: string): FormBody {
  const result: FormBody = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter((segment) => segment !== '');
    let node = result;
    path.forEach((segment, index) => {
      if (index === path.length - 1) node[segment] = value;
      else node = (node[segment] ??= {}) as FormBody;
    });
  }
  return result;
}
