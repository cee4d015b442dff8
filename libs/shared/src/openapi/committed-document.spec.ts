import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, CONTROL_PLANE_API_INFO } from './build-openapi-document';

const COMMITTED_PATH = resolve(__dirname, '../../../../docs/openapi.json');

describe('docs/openapi.json', () => {
  // The committed copy is what reviewers and client generators read: a contract change must show up in it.
  it('is what the generator produces from the contracts now', () => {
    const committed: unknown = JSON.parse(readFileSync(COMMITTED_PATH, 'utf8'));
    const generated: unknown = JSON.parse(JSON.stringify(buildOpenApiDocument(CONTROL_PLANE_API_INFO)));
    expect(
      committed,
      'docs/openapi.json is out of date: run `npm run openapi` and commit the result',
    ).toEqual(generated);
  });
});
