// Checks the per-environment settings files (infra/env/*.env) against the apps' own environment schemas
// (libs/shared/src/config/env.schema.ts): every variable must be one an app reads, and the gateway and the billing
// worker must both accept the file's values (secrets, which never live in these files, are filled with placeholders).
// Usage: node check-env-files.mjs <env dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import shared from '@llmguard/shared';

const { gatewayEnvSchema, billingWorkerEnvSchema, portalEnvSchema } = shared;
const PLACEHOLDER_SECRETS = {
  SESSION_SECRET: 'placeholder-session-secret-0123456789abcdef',
  CREDENTIAL_ENCRYPTION_KEY: 'placeholder-credential-key-0123456789abcdef',
};
const known = new Set(
  [gatewayEnvSchema, billingWorkerEnvSchema, portalEnvSchema].flatMap((schema) =>
    Object.keys(schema.shape ?? {}),
  ),
);
const problems = [];
const dir = process.argv[2];
for (const file of readdirSync(dir)
  .filter((name) => name.endsWith('.env'))
  .sort()) {
  const settings = {};
  for (const [index, line] of readFileSync(join(dir, file), 'utf8').split('\n').entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) {
      problems.push(`${file}:${index + 1}: not NAME=value`);
      continue;
    }
    const [, name, value] = match;
    if (!known.has(name)) problems.push(`${file}:${index + 1}: ${name} is read by no app`);
    if (name in PLACEHOLDER_SECRETS)
      problems.push(`${file}:${index + 1}: ${name} is a secret and does not belong here`);
    settings[name] = value;
  }
  for (const [app, schema] of [
    ['gateway', gatewayEnvSchema],
    ['billing worker', billingWorkerEnvSchema],
  ]) {
    const result = schema.safeParse({ ...PLACEHOLDER_SECRETS, ...settings });
    if (!result.success)
      for (const issue of result.error.issues)
        problems.push(`${file}: the ${app} refuses ${issue.path.join('.')}: ${issue.message}`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('env files: every variable known, every value accepted by the gateway and the billing worker');
