import { z } from 'zod';

/** One variable that failed validation: its name and what is wrong with it. */
export type EnvIssue = { variable: string; message: string };

/** Thrown by {@link parseEnv}; its message names every bad or missing variable, one per line. */
export class EnvValidationError extends Error {
  constructor(
    readonly appName: string,
    readonly issues: EnvIssue[],
  ) {
    super(
      `${appName}: invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n'),
    );
    this.name = 'EnvValidationError';
  }
}

/**
 * Validates the process environment against an app's schema once, at boot. Empty strings count as
 * unset, so `FOO=` falls back to the default instead of failing as an empty value.
 */
export function parseEnv<Schema extends z.ZodType>(
  appName: string,
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    variable: issue.path.length > 0 ? issue.path.join('.') : '(environment)',
    message: issue.message,
  }));
  throw new EnvValidationError(appName, issues);
}

/** Like {@link parseEnv}, but prints the problems and exits the process with status 78 (EX_CONFIG). */
export function parseEnvOrExit<Schema extends z.ZodType>(
  appName: string,
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  try {
    return parseEnv(appName, schema, env);
  } catch (error) {
    if (error instanceof EnvValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
