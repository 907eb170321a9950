// Ledger append throughput: 8 concurrent writers appending through LedgerService, each
// append in its own transaction (and in batches of 10 per transaction), timed until the
// sequencer has numbered, hashed, tiled and added every entry to the tree (after an untimed
// full-size warm-up round of both, in BENCH_ROUNDS (3) alternating rounds, with the median
// ratio), on PostgreSQL
// (DATABASE_URL, default the local test database) and on embedded PGlite — side by side
// with a peer: the same transactions inserting the same entry (its canonical JSON) into a
// plain table with a bigserial and no ledger (what sequencing, hashing and tiles cost).
//
//   node apps/api/bench/ledger-appends.bench.mjs   (after npm run build)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { canonicalJson } from '@eastlake/ledger';
import { loadConfig } from '../dist/config/config.js';
import { openDataSource } from '../dist/database/data-source.js';
import { LedgerAuditService } from '../dist/modules/ledger/ledger-audit.service.js';
import { LedgerTilesService } from '../dist/modules/ledger/ledger-tiles.service.js';
import { LedgerService } from '../dist/modules/ledger/ledger.service.js';

const WRITERS = 8;
const PER_WRITER = Number(process.env.BENCH_APPENDS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_LIST = Array.from({ length: ROUNDS }, (_, i) => i + 1);
const SYSTEM = { userId: null, organizationId: null, role: 'SYSTEM' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

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
  const ledger = new LedgerService(dataSource);
  const audit = new LedgerAuditService(dataSource, ledger, new LedgerTilesService(dataSource));
  await dataSource.query(`CREATE TABLE IF NOT EXISTS bench_plain (id bigserial PRIMARY KEY, payload text NOT NULL)`);
  const ledgerOne = (w, n) => async () => {
    for (let i = 0; i < n; i++) {
      await dataSource.transaction((m) =>
        ledger.append(m, { action: 'bench.append', actor: SYSTEM, subject: { type: 'Writer', id: String(w) }, data: { i } }),
      );
    }
  };
  const peerOne = (w, n) => async () => {
    for (let i = 0; i < n; i++) {
      // The same record an audit table without a ledger would hold: the entry's canonical JSON.
      const payload = canonicalJson({ at: new Date().toISOString(), actor: SYSTEM, action: 'bench.append', subject: { type: 'Writer', id: String(w) }, data: { i } });
      await dataSource.transaction((m) => m.query(`INSERT INTO bench_plain (payload) VALUES ($1)`, [payload]));
    }
  };
  // Warm-up, untimed: connections opened, statements planned, code compiled, for both.
  // A full-size round: the first timed round on PostgreSQL otherwise ran 15-20 % slower for the ledger.
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => ledgerOne(w, PER_WRITER)()));
  await ledger.flush();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => peerOne(w, PER_WRITER)()));
  const rows = [];
  // Rounds with ledger and peer alternating, so neither always runs on a warmer machine.
  for (const round of ROUND_LIST) {
    rows.push(await run(`${name}: ledger, 1 entry per transaction (round ${round})`, dataSource, (w) => ledgerOne(w, PER_WRITER)(), () => ledger.flush()));
    rows.push(await run(`${name}: peer, plain INSERT per transaction (round ${round})`, dataSource, (w) => peerOne(w, PER_WRITER)()));
  }
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
  const verified = await audit.verify();
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
  const ratios = ROUND_LIST.map((round) => {
    const [l, p] = [0, 1].map((k) => rows[(round - 1) * 2 + k]);
    const ratio = l.appends / l.seconds / (p.appends / p.seconds);
    console.log(`| ↳ round ${round}: ledger ÷ peer | | | ${ratio.toFixed(2)}× |`);
    return ratio;
  });
  console.log(`| ↳ median ledger ÷ peer over ${ROUNDS} rounds | | | **${median(ratios).toFixed(2)}×** |`);
  console.log(`| ↳ verifyLedger after the run | ${verified.treeSize} entries | | ${verified.ok ? 'ok' : `FAILED: ${verified.problem}`} |`);
}
