import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { GatewayError, toErrorDetails, type RequestLocation } from '@llmguard/shared';

/** Parses a value with a contract schema, or throws a 400 `validation_failed` listing every field at fault. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  location: RequestLocation,
): z.output<Schema> {
  // An endpoint whose body is all optional may be called without one.
  const result = schema.safeParse(location === 'body' ? (value ?? {}) : value, { reportInput: true });
  if (result.success) return result.data;
  const details = toErrorDetails(result.error, location);
  throw new GatewayError('validation_failed', {
    publicMessage: `The request ${location} is invalid: ${details.map((detail) => `${detail.location} ${detail.message}`).join('; ')}`,
    details,
  });
}

/** `@Body(new ZodValidationPipe(contract.body, 'body'))`: the handler only ever sees parsed, typed input. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(
    private readonly schema: Schema,
    private readonly location: RequestLocation,
  ) {}

  transform(value: unknown): z.output<Schema> {
    return parseOrThrow(this.schema, value, this.location);
  }
}

/** Validates the request body against a contract schema. */
export function validBody<Schema extends z.ZodType>(schema: Schema): ZodValidationPipe<Schema> {
  return new ZodValidationPipe(schema, 'body');
}

/** Validates the query string against a contract schema. */
export function validQuery<Schema extends z.ZodType>(schema: Schema): ZodValidationPipe<Schema> {
  return new ZodValidationPipe(schema, 'query');
}
