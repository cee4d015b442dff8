import { z } from 'zod';
import { errorCodeSchema } from '../errors/error-codes';

/** One field at fault in a 400 `validation_failed` answer. */
export const errorDetailSchema = z.object({
  location: z.string(),
  message: z.string(),
  fix: z.string().optional(),
});

/** Every control-plane error: `{"error":{code,message,requestId,docs,errors?}}`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    requestId: z.string(),
    docs: z.string(),
    errors: z.array(errorDetailSchema).optional(),
  }),
});

export type ApiErrorResponse = z.infer<typeof apiErrorBodySchema>;
