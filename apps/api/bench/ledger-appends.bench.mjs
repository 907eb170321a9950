// Ledger append throughput: 8 concurrent writers appending through LedgerService, each
// append in its own transaction (and in batches of 10 per transaction), timed until the
// sequencer has numbered, hashed and added every entry to the tree, on PostgreSQL
// (DATABASE_URL, default the local test database) and on embedded PGlite — side by side
// with a peer: the same transactions inserting into a plain table with a bigserial and no
// ledger (what the Merkle head lock costs).
//
//   node apps/api/bench/ledger-appends.bench.mjs   (after npm run build)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateSigningKey } from '@eastlake/ledger/node';
import { loadConfig } from '../dist/config/config.js';
import { openDataSource } from '../dist/database/data-source.js';
import { LedgerService } from '../dist/modules/ledger/ledger.service.js';

const WRITERS = 8;
const PER_WRITER = Number(process.env.BENCH_APPENDS ?? 500);
const SYSTEM = { userId: null, organizationId: null, role: 'SYSTEM' };

async function run(label, dataSource, work, after = async () => {}) {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => work(w)));
  // Timed until every entry is sequenced, hashed and in the tree.
  await after();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, appends: WRITERS * PER_WRITER, seconds };
}

async function scenario(name, config) {
  const dataSource = await openDataSource(config);
  const ledger = new LedgerService(dataSource, generateSigningKey());
  await dataSource.query(`CREATE TABLE IF NOT EXISTS bench_plain (id bigserial PRIMARY KEY, payload text NOT NULL)`);
  const rows = [];
  rows.push(
    await run(`${name}: ledger, 1 entry per transaction`, dataSource, async (w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        await dataSource.transaction((m) =>
          ledger.append(m, { action: 'bench.append', actor: SYSTEM, subject: { type: 'Writer', id: String(w) }, data: { i } }),
        );
      }
    }, () => ledger.flush()),
  );
  rows.push(
    await run(`${name}: ledger, 10 entries per transaction`, dataSource, async (w) => {
      for (let i = 0; i < PER_WRITER; i += 10) {
        await dataSource.transaction((m) =>
          ledger.appendMany(
            m,
            Array.from({ length: 10 }, (_, j) => ({ action: 'bench.append', actor: SYSTEM, subject: { type: 'Writer', id: String(w) }, data: { i: i + j } })),
          ),
        );
      }
    }, () => ledger.flush()),
  );
  rows.push(
    await run(`${name}: peer, plain INSERT per transaction`, dataSource, async (w) => {
      for (let i = 0; i < PER_WRITER; i++) {
        await dataSource.transaction((m) => m.query(`INSERT INTO bench_plain (payload) VALUES ($1)`, [`${w}:${i}`]));
      }
    }),
  );
  const verified = await ledger.verify();
  await ledger.onModuleDestroy();
  await dataSource.destroy();
  return { rows, verified };
}

const results = [];
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url });
let pgReachable = true;
try {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
} catch (error) {
  pgReachable = false;
  console.error(`PostgreSQL not reachable at ${url}: ${error.message} — PGlite only`);
}
if (pgReachable) {
  const config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), databaseSchema: schema };
  const sync = (await admin.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
  results.push({ ...(await scenario(`PostgreSQL (synchronous_commit ${sync})`, config)) });
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
results.push(await scenario('PGlite', loadConfig({ EASTLAKE_DATA_DIR: 'memory://', LOG_LEVEL: 'silent' })));

console.log(`\nLedger appends — ${WRITERS} concurrent writers × ${PER_WRITER}\n`);
console.log('| scenario | appends | seconds | appends/s |');
console.log('|---|---:|---:|---:|');
for (const { rows, verified } of results) {
  for (const r of rows) console.log(`| ${r.label} | ${r.appends} | ${r.seconds.toFixed(2)} | ${Math.round(r.appends / r.seconds)} |`);
  console.log(`| ↳ verifyLedger after the run | ${verified.treeSize} entries | | ${verified.ok ? 'ok' : `FAILED: ${verified.problem}`} |`);
}
