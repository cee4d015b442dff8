import { z } from 'zod';

/**
 * The parameters Stripe documents for each endpoint the fake serves, as zod schemas over the decoded form body
 * (every value is a string, arrays are `{ 0: …, 1: … }`). Strict objects refuse what Stripe does not know, so a
 * misspelt or invented parameter fails in tests as it fails against Stripe (`parameter_unknown`). Nested objects we
 * never send are accepted as they come: the fake checks our calls, not all of Stripe.
 * Parameter lists: the official SDK's types (stripe 23, generated from Stripe's OpenAPI spec) and
 * https://docs.stripe.com/api.
 */
export type FormValue = string | { [key: string]: FormValue };
export type FormBody = { [key: string]: FormValue };

export type StripeParamError = { code?: string; param: string; message: string };

/** Stripe's error codes for malformed parameters (https://docs.stripe.com/error-codes). */
const INTEGER_CODE = 'parameter_invalid_integer';

const anything = z.unknown();
const text = z.string().min(1);
const INTEGER_PATTERN = /^-?[0-9]+$/;
const integer = z.string().regex(INTEGER_PATTERN);
const metadata = z.record(z.string(), z.string());
/** `expand[0]=…`: the SDK sends lists as indexed keys. */
const list = <T extends z.ZodType>(item: T) => z.record(z.string().regex(/^[0-9]+$/), item);
/** Parameters Stripe documents that our code never sends: accepted with any value. */
const optionalParams = <const Names extends readonly string[]>(names: Names) =>
  Object.fromEntries(names.map((name) => [name, anything.optional()])) as {
    [Name in Names[number]]: z.ZodOptional<z.ZodUnknown>;
  };

/** @see https://docs.stripe.com/api/customers/create */
const customerCreate = z.strictObject({
  ...optionalParams([
    'address',
    'balance',
    'business_name',
    'cash_balance',
    'email',
    'individual_name',
    'invoice_prefix',
    'invoice_settings',
    'name',
    'next_invoice_sequence',
    'payment_method',
    'phone',
    'preferred_locales',
    'shipping',
    'source',
    'tax',
    'tax_exempt',
    'tax_id_data',
    'test_clock',
    'validate',
  ]),
  description: z.string().optional(),
  metadata: metadata.optional(),
  expand: list(z.string()).optional(),
});

const subscriptionItem = z.strictObject({
  ...optionalParams(['billing_thresholds', 'current_trial', 'discounts', 'plan', 'price_data', 'tax_rates']),
  price: text.optional(),
  quantity: integer.optional(),
  metadata: metadata.optional(),
});

/** @see https://docs.stripe.com/api/subscriptions/create */
const subscriptionCreate = z
  .strictObject({
    ...optionalParams([
      'add_invoice_items',
      'application_fee_percent',
      'automatic_tax',
      'backdate_start_date',
      'billing_cycle_anchor',
      'billing_cycle_anchor_config',
      'billing_mode',
      'billing_thresholds',
      'cancel_at',
      'cancel_at_period_end',
      'collection_method',
      'currency',
      'days_until_due',
      'default_payment_method',
      'default_source',
      'default_tax_rates',
      'description',
      'discounts',
      'invoice_settings',
      'off_session',
      'on_behalf_of',
      'payment_behavior',
      'payment_settings',
      'pending_invoice_item_interval',
      'proration_behavior',
      'transfer_data',
      'trial_end',
      'trial_from_plan',
      'trial_period_days',
      'trial_settings',
    ]),
    customer: text,
    items: list(subscriptionItem),
    metadata: metadata.optional(),
    expand: list(z.string()).optional(),
  })
  .superRefine((body, context) => {
    for (const [index, item] of Object.entries(body.items)) {
      if (item.price === undefined && item.plan === undefined && item.price_data === undefined)
        context.addIssue({
          code: 'invalid_type',
          expected: 'string',
          input: undefined,
          path: ['items', index, 'price'],
          message: 'Missing required param: items[0][price].'.replace('0', index),
        });
    }
  });

const checkoutModes = ['payment', 'setup', 'subscription'] as const;

/** @see https://docs.stripe.com/api/checkout/sessions/create */
const checkoutSessionCreate = z
  .strictObject({
    ...optionalParams([
      'adaptive_pricing',
      'after_expiration',
      'allow_promotion_codes',
      'allowed_payment_method_types',
      'automatic_tax',
      'billing_address_collection',
      'branding_settings',
      'client_reference_id',
      'consent_collection',
      'custom_fields',
      'custom_text',
      'customer_account',
      'customer_creation',
      'customer_email',
      'customer_update',
      'discounts',
      'excluded_payment_method_types',
      'expires_at',
      'integration_identifier',
      'invoice_creation',
      'line_items',
      'locale',
      'managed_payments',
      'name_collection',
      'optional_items',
      'origin_context',
      'payment_intent_data',
      'payment_method_collection',
      'payment_method_configuration',
      'payment_method_data',
      'payment_method_options',
      'payment_method_types',
      'permissions',
      'phone_number_collection',
      'redirect_on_completion',
      'return_url',
      'saved_payment_method_options',
      'setup_intent_data',
      'shipping_address_collection',
      'shipping_options',
      'submit_type',
      'subscription_data',
      'tax_id_collection',
      'ui_mode',
      'wallet_options',
    ]),
    mode: z.enum(checkoutModes, { message: `must be one of ${checkoutModes.join(', ')}` }),
    customer: text.optional(),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/, { message: 'must be a three-letter ISO code in lowercase' })
      .optional(),
    success_url: z.url().optional(),
    cancel_url: z.url().optional(),
    metadata: metadata.optional(),
    expand: list(z.string()).optional(),
  })
  .superRefine((body, context) => {
    const hostedPage =
      body.ui_mode === undefined || body.ui_mode === 'hosted' || body.ui_mode === 'hosted_page';
    // A hosted page must know where to send the customer once done (required unless ui_mode is embedded/elements).
    if (hostedPage && body.success_url === undefined) missing(context, 'success_url');
    // Setup mode collects no money, so Stripe needs the currency to pick the payment methods to offer.
    if (
      body.mode === 'setup' &&
      body.currency === undefined &&
      body.allowed_payment_method_types === undefined &&
      body.payment_method_types === undefined
    )
      missing(context, 'currency');
  });

/** @see https://docs.stripe.com/api/customer_portal/sessions/create */
const billingPortalSessionCreate = z
  .strictObject({
    ...optionalParams([
      'after_expiration',
      'configuration',
      'customer_account',
      'flow_data',
      'locale',
      'on_behalf_of',
    ]),
    customer: text.optional(),
    return_url: z.url().optional(),
    expand: list(z.string()).optional(),
  })
  .superRefine((body, context) => {
    if (body.customer === undefined && body.customer_account === undefined) missing(context, 'customer');
  });

/** Stripe accepts meter events from the past 35 days up to 5 minutes ahead. */
const METER_EVENT_MAX_AGE_S = 35 * 86_400;
const METER_EVENT_MAX_LEAD_S = 5 * 60;

/** @see https://docs.stripe.com/api/billing/meter-event/create */
const meterEventCreate = z
  .strictObject({
    event_name: text.max(100),
    // The payload carries the meter's own keys; ours uses Stripe's defaults.
    payload: z.looseObject({ stripe_customer_id: text, value: integer }),
    identifier: text.max(100).optional(),
    timestamp: integer.optional(),
    expand: list(z.string()).optional(),
  })
  .superRefine((body, context) => {
    if (body.timestamp === undefined) return;
    const now = Math.floor(Date.now() / 1000);
    const timestamp = Number(body.timestamp);
    if (timestamp < now - METER_EVENT_MAX_AGE_S || timestamp > now + METER_EVENT_MAX_LEAD_S)
      context.addIssue({
        code: 'custom',
        path: ['timestamp'],
        message: 'must be within the past 35 calendar days or up to 5 minutes in the future',
      });
  });

function missing(context: z.RefinementCtx, param: string): void {
  context.addIssue({
    code: 'invalid_type',
    expected: 'string',
    input: undefined,
    path: [param],
    message: '',
  });
}

const SCHEMAS: Record<string, z.ZodType> = {
  '/v1/customers': customerCreate,
  '/v1/subscriptions': subscriptionCreate,
  '/v1/checkout/sessions': checkoutSessionCreate,
  '/v1/billing_portal/sessions': billingPortalSessionCreate,
  '/v1/billing/meter_events': meterEventCreate,
};

/**
 * The first problem Stripe would report for this body, or null when it would accept it. Unknown parameters come
 * first, then missing ones, then malformed values, each naming the parameter as Stripe does (`items[0][price]`).
 */
export function checkStripeParams(path: string, body: FormBody): StripeParamError | null {
  const schema = SCHEMAS[path];
  if (!schema) return null;
  const result = schema.safeParse(body);
  if (result.success) return null;
  const errors = result.error.issues.flatMap((issue) => toStripeErrors(issue, body));
  const rank = (error: StripeParamError) =>
    error.code === 'parameter_unknown' ? 0 : error.code === 'parameter_missing' ? 1 : 2;
  return errors.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

function toStripeErrors(issue: z.core.$ZodIssue, body: FormBody): StripeParamError[] {
  const at = issue.path.map(String);
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => {
      const param = paramName([...at, key]);
      return { code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` };
    });
  const param = paramName(at);
  if (valueAt(body, at) === undefined)
    return [{ code: 'parameter_missing', param, message: `Missing required param: ${param}.` }];
  if (issue.code === 'invalid_format' && issue.pattern === String(INTEGER_PATTERN))
    return [{ code: INTEGER_CODE, param, message: `Invalid integer: ${String(valueAt(body, at))}` }];
  return [{ param, message: `Invalid ${param}: ${issue.message}` }];
}

/** `['items', '0', 'price']` → `items[0][price]`, the name Stripe's errors use. */
function paramName(path: string[]): string {
  const [head = '', ...rest] = path;
  return head + rest.map((segment) => `[${segment}]`).join('');
}

function valueAt(body: FormBody, path: string[]): FormValue | undefined {
  let node: FormValue | undefined = body;
  for (const segment of path) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[segment];
  }
  return node;
}
