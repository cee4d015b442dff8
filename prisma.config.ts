// Prisma 7 CLI configuration, loaded by `bash scripts/prisma.sh …` (which runs from the repository root and
// defaults DATABASE_URL to the development database). The schema is a folder of per-domain files and the
// migrations live beside it; see prisma/README.md. No shadowDatabaseUrl: the schema-engine shim creates and
// drops a temporary shadow database itself for `migrate dev`.
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: env('DATABASE_URL') },
  // semantic_cache_entries is created and changed by hand-written SQL (pgvector column, HNSW index, which Prisma
  // cannot model). Declaring it external keeps the model in the client but out of Prisma's diff, so `migrate dev`
  // neither reports the HNSW index as drift nor writes DROP INDEX for it into every new migration.
  experimental: { externalTables: true },
  tables: { external: ['public.semantic_cache_entries'] },
});
