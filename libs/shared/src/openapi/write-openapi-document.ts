import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, CONTROL_PLANE_API_INFO } from './build-openapi-document';

/**
 * `node libs/shared/dist/openapi/write-openapi-document.js <file>`: writes the control plane's OpenAPI document
 * (`npm run openapi` writes docs/openapi.json with it, then formats it with Prettier).
 */
function main(argv: string[]): void {
  const target = argv[2];
  if (!target) {
    process.stderr.write('usage: write-openapi-document <file>\n');
    process.exit(2);
  }
  const document = buildOpenApiDocument(CONTROL_PLANE_API_INFO);
  writeFileSync(resolve(target), `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${Object.keys(document.paths).length} paths to ${target}\n`);
}

if (require.main === module) main(process.argv);
