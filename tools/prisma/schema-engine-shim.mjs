#!/usr/bin/env -S node --no-warnings --experimental-wasm-modules
// Owned by this repository; copied from /work/shared/prisma/schema-engine-shim.mjs (tried there with Prisma 7.10.1 on
// PostgreSQL 15) because Prisma 7's CLI downloads a native schema engine at first use, which fails where only
// the npm registry is reachable. scripts/prisma.sh points PRISMA_SCHEMA_ENGINE_BINARY here for `migrate …`;
// it serves the engine's stdio JSON-RPC through @prisma/schema-engine-wasm and @prisma/adapter-pg.
// Changed here (marked "added in this repository" below): NB3b CHECK constraints no longer crash introspection,
// NB4 migrations run as one script (PL/pgSQL bodies work, a failed migration rolls back), NB5/NB6 `migrate diff`.
// It depends on internals of exact versions (root package.json pins prisma, @prisma/adapter-pg,
// @prisma/driver-adapter-utils, pg and @prisma/schema-engine-wasm): re-test migrate deploy/dev/status/diff before
// bumping any of them. Set SHIM_DEBUG=1 to log the JSON-RPC traffic to /tmp/schema-engine-shim.log.
// Stand-in for Prisma's native schema-engine binary: speaks its JSON-RPC over stdio, delegates to @prisma/schema-engine-wasm + @prisma/adapter-pg.
import fs from 'node:fs';
import readline from 'node:readline';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
// NB3: adapter-pg has no mapping for the internal 1-byte "char" type (OID 18, used by pg_catalog: relkind, contype...) that schema introspection reads -> report it as text
import { createRequire } from 'node:module';
const Result = createRequire(import.meta.url)('pg/lib/result.js');
const origAddFields = Result.prototype.addFields;
// (changed in this repository: the field is also flagged, and queryRaw below reports it as a Character column; as plain
// text the describer panics on CHECK constraints, whose contype it reads as a char)
Result.prototype.addFields = function (fds) {
  for (const f of fds)
    if (f.dataTypeID === 18) {
      f.dataTypeID = 25;
      f.pgInternalChar = true;
    }
  return origAddFields.call(this, fds);
};
const argv = process.argv.slice(2);
const datamodels = [];
let datasource = {};
let cli = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--datamodels') datamodels.push(argv[++i]);
  else if (argv[i] === '--datasource') datasource = JSON.parse(argv[++i]);
  else if (argv[i] === '--enabled-preview-features' || argv[i] === '--extension-types') i++;
  else if (argv[i] === 'cli') cli = argv[++i];
  else if (argv[i] === '--version') {
    console.log('schema-engine-wasm-shim 0.0.0');
    process.exit(0);
  }
}
const log = (m) => process.env.SHIM_DEBUG && fs.appendFileSync('/tmp/schema-engine-shim.log', m + '\n');
log('argv ' + JSON.stringify(argv));
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  set_message(m) {
    log('panic ' + m);
  },
};
const url = (datasource.url || process.env.DATABASE_URL).replace(/\?.*$/, '');
if (cli) {
  // can-connect-to-database / create-database (plain pg, no engine)
  const pg = (await import('pg')).default;
  const u = new URL(url);
  try {
    if (cli === 'create-database') {
      const db = u.pathname.slice(1);
      u.pathname = '/postgres';
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      await c.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`);
      await c.end();
    } else {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.end();
    }
    process.exit(0);
  } catch (e) {
    console.error(
      JSON.stringify({ level: 'INFO', target: 'schema_engine::logger', fields: { message: 'shim' } }),
    );
    console.error(
      JSON.stringify({
        level: 'ERROR',
        target: 'schema_engine::logger',
        fields: { message: String(e.message), error_code: e.code === '3D000' ? 'P1003' : 'P1001' },
      }),
    );
    process.exit(1);
  }
}
// NB: pass discrete fields, not connectionString: PrismaPg.connectToShadowDb() spreads {...config, database} and pg lets connectionString win, so the "shadow" would be the main DB
const pu = new URL(url);
const pgConfig = {
  host: pu.hostname,
  port: Number(pu.port || 5432),
  user: decodeURIComponent(pu.username || 'postgres'),
  password: decodeURIComponent(pu.password) || undefined,
  database: decodeURIComponent(pu.pathname.slice(1)),
};
// NB4 (added in this repository): adapter-pg's executeScript() splits a migration on every ';' and runs the pieces one
// by one, which breaks PL/pgSQL bodies ($$ … ; … $$), any ';' inside a string or comment, and atomicity. Send the
// whole script as one simple-protocol query instead, as the native engine does: Postgres runs a multi-statement
// query as one implicit transaction, so a failing migration leaves nothing half-applied.
// NB3b (added in this repository): report the "char" columns flagged above as Character, the type the describer
// reads them with (pg parses them as one-character strings). Wraps queryRaw on connections and their transactions.
const charAwareQueryRaw = (queryable) => {
  const queryRaw = queryable.queryRaw;
  queryable.queryRaw = async function (query) {
    let fields = [];
    const self = Object.create(this, {
      performIO: {
        value: async (q) => {
          const r = await this.performIO(q);
          fields = r?.fields ?? [];
          return r;
        },
      },
    });
    const out = await queryRaw.call(self, query);
    fields.forEach((f, i) => {
      if (f.pgInternalChar) out.columnTypes[i] = ColumnTypeEnum.Character;
    });
    return out;
  };
  return queryable;
};
const patchAdapter = (adapter) => {
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (e) {
      this.onError(e);
    }
  };
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (...args) {
    return charAwareQueryRaw(await startTransaction.apply(this, args));
  };
  return charAwareQueryRaw(adapter);
};
// NB2: adapter-pg's shadow release drops the DB before ending its pool ("being accessed by other users"); end first, then DROP ... WITH (FORCE)
class ShadowSafePg extends PrismaPg {
  async connect() {
    return patchAdapter(await super.connect());
  }
  async connectToShadowDb() {
    const pg = (await import('pg')).default;
    const admin = new pg.Client(pgConfig);
    await admin.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const inner = patchAdapter(await new PrismaPg({ ...pgConfig, database }).connect());
    const origDispose = inner.dispose.bind(inner);
    inner.dispose = async () => {
      await origDispose();
      const a = new pg.Client(pgConfig);
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await a.end();
    };
    return inner;
  }
}
const factory = bindMigrationAwareSqlAdapterFactory(new ShadowSafePg(pgConfig));
// NB5 (added in this repository): `migrate diff` starts the engine without --datamodels; the WASM engine panics on an
// empty file list where the native one starts empty, so hand it a bare PostgreSQL datasource instead.
const files = datamodels.length
  ? datamodels.map((f) => [f, fs.readFileSync(f, 'utf8')])
  : [['schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n']];
const engine = await SchemaEngine.new({ datamodels: files }, (l) => log('engine ' + l), factory);
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  if (!line.trim()) return;
  const msg = JSON.parse(line);
  log('req ' + line.slice(0, 400));
  if (msg.id === undefined || msg.method === undefined) return;
  try {
    const fn = engine[msg.method];
    if (!fn) throw new Error('method not supported by wasm shim: ' + msg.method);
    const result = await fn.call(engine, msg.params ?? {});
    // NB6 (added in this repository): the WASM engine returns `migrate diff` output as result.stdout; the CLI prints
    // only what the engine sends it in a "print" request (the native engine's protocol), so forward it that way.
    if (msg.method === 'diff' && typeof result?.stdout === 'string') {
      if (result.stdout)
        process.stdout.write(
          JSON.stringify({
            jsonrpc: '2.0',
            id: `print-${msg.id}`,
            method: 'print',
            params: { content: result.stdout.replace(/\n$/, '') },
          }) + '\n',
        );
      delete result.stdout;
    }
    const out = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: result ?? null });
    log('res ' + out.slice(0, 300));
    process.stdout.write(out + '\n');
  } catch (e) {
    log('err ' + e.message);
    process.stdout.write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: msg.id,
        error: {
          code: 4466,
          message: 'An error happened. Check the data field for details.',
          data: { is_panic: false, message: String(e.message), meta: null, error_code: e.code ?? null },
        },
      }) + '\n',
    );
  }
});
rl.on('close', () => process.exit(0));
