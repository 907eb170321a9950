// Ledger proofs at scale: a ledger of LEDGER_PROOF_ENTRIES (default 1,000,000) entries on
// PostgreSQL (DATABASE_URL, default the local test database, in a schema of its own),
// then inclusion and consistency proofs through LedgerProofsService — the code behind the
// GraphQL ledgerInclusionProof / ledgerConsistencyProof — timed per call.
//
// The ledger is built by inserting directly into the tables in bulk (entries, their C2SP
// tiles from TileAppender, the head row), exactly what the sequencer would have written,
// not by a million API transactions; verifyLedger-style checks at the end confirm it.
//
//   node apps/api/bench/ledger-proofs.bench.mjs   (after npm run build)
import { randomBytes, randomInt } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  TileAppender,
  canonicalEntry,
  fromHex,
  hashLeafUtf8,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@eastlake/ledger';
import { generateSigningKey } from '@eastlake/ledger/node';
import { loadConfig } from '../dist/config/config.js';
import { openDataSource } from '../dist/database/data-source.js';
import { LedgerProofsService } from '../dist/modules/ledger/ledger-proofs.service.js';
import { LedgerTilesService } from '../dist/modules/ledger/ledger-tiles.service.js';
import { LedgerService } from '../dist/modules/ledger/ledger.service.js';

const N = Number(process.env.LEDGER_PROOF_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.LEDGER_PROOF_RUNS ?? 200);
const CHUNK = 10_000;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_proofs_${randomBytes(4).toString('hex')}`;

const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), databaseSchema: schema };
const dataSource = await openDataSource(config);

try {
  const built = performance.now();
  const appender = new TileAppender();
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  for (let first = 1; first <= N; first += CHUNK) {
    const cols = { seq: [], entry: [], leaf: [], subject: [] };
    for (let seq = first; seq < Math.min(first + CHUNK, N + 1); seq++) {
      const entry = { seq, at, actor: { userId: null, organizationId: null, role: 'SYSTEM' }, action: 'bench.entry', subject: { type: 'Bench', id: String(seq) }, data: { i: seq } };
      const canonical = canonicalEntry(entry);
      const leaf = hashLeafUtf8(canonical);
      appender.append(leaf);
      cols.seq.push(seq);
      cols.entry.push(canonical);
      cols.leaf.push(toHex(leaf));
      cols.subject.push(String(seq));
    }
    await dataSource.query(
      `INSERT INTO ledger_entries (seq, at, action, subject_type, subject_id, actor_user_id, entry, leaf_hash)
       SELECT s, $2::timestamptz, 'bench.entry', 'Bench', subj, NULL, e, l FROM unnest($1::bigint[], $3::text[], $4::text[], $5::text[]) AS u(s, subj, e, l)`,
      [cols.seq, at, cols.subject, cols.entry, cols.leaf],
    );
    const strips = appender.takeStrips();
    for (const s of strips) {
      const data = Buffer.from(s.hashes);
      if (s.start === 0 && data.length === 8192) {
        await dataSource.query(`INSERT INTO ledger_tiles (level, idx, data) VALUES ($1, $2, $3)`, [s.level, s.index, data]);
      } else if (s.start + data.length / 32 === 256) {
        // Completes a tile begun in the previous chunk.
        const [{ prior }] = await dataSource.query(`SELECT string_agg(hashes, ''::bytea ORDER BY start) AS prior FROM ledger_tile_tail WHERE level = $1 AND idx = $2`, [s.level, s.index]);
        await dataSource.query(`INSERT INTO ledger_tiles (level, idx, data) VALUES ($1, $2, $3)`, [s.level, s.index, Buffer.concat([prior, data])]);
        await dataSource.query(`DELETE FROM ledger_tile_tail WHERE level = $1 AND idx = $2`, [s.level, s.index]);
      } else {
        await dataSource.query(`INSERT INTO ledger_tile_tail (level, idx, start, hashes) VALUES ($1, $2, $3, $4)`, [s.level, s.index, s.start, data]);
      }
    }
    if ((first - 1) % 200_000 === 0) process.stderr.write(`\rbuilding… ${first - 1} entries`);
  }
  await dataSource.query(`UPDATE ledger_head SET size = $1, frontier = $2::jsonb WHERE id = 1`, [N, JSON.stringify(appender.toState())]);
  await dataSource.query(`ANALYZE ledger_entries; ANALYZE ledger_tiles; ANALYZE ledger_tile_tail`);
  const buildSeconds = (performance.now() - built) / 1000;
  process.stderr.write(`\rbuilt ${N} entries in ${buildSeconds.toFixed(1)} s\n`);

  const writer = new LedgerService(dataSource);
  const ledger = new LedgerProofsService(dataSource, writer, new LedgerTilesService(dataSource), generateSigningKey());
  const root = appender.root();
  const time = async (fn) => {
    const t0 = performance.now();
    const out = await fn();
    return [performance.now() - t0, out];
  };
  const stats = (ms) => {
    const sorted = [...ms].sort((a, b) => a - b);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    return { median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] };
  };
  // Warm-up (connection pool, plan cache).
  for (let i = 0; i < 10; i++) await ledger.inclusionProof(randomInt(1, N + 1), N);

  const inclusion = [];
  let inclusionNodes = 0;
  for (let i = 0; i < RUNS; i++) {
    const seq = randomInt(1, N + 1);
    const [ms, proof] = await time(() => ledger.inclusionProof(seq, N));
    if (!verifyInclusion(seq - 1, N, fromHex(proof.leafHash), proof.auditPath.map(fromHex), root)) throw new Error(`inclusion proof of ${seq} does not verify`);
    inclusionNodes = Math.max(inclusionNodes, proof.auditPath.length);
    inclusion.push(ms);
  }
  const consistency = [];
  for (let i = 0; i < RUNS; i++) {
    const from = randomInt(1, N);
    const [ms, proof] = await time(() => ledger.consistencyProof(from, N));
    if (proof.proof.length === 0) throw new Error('empty consistency proof');
    consistency.push(ms);
  }
  // One consistency proof checked end to end against the root recomputed at the old size.
  const checkFrom = 777_777 < N ? 777_777 : Math.floor(N / 2);
  const small = new TileAppender();
  const rows = await dataSource.query(`SELECT leaf_hash FROM ledger_entries WHERE seq <= $1 ORDER BY seq`, [checkFrom]);
  for (const r of rows) small.append(fromHex(r.leaf_hash.trim()));
  const cp = await ledger.consistencyProof(checkFrom, N);
  if (!verifyConsistency(checkFrom, N, cp.proof.map(fromHex), small.root(), root)) throw new Error('consistency proof does not verify');
  await writer.onModuleDestroy();

  const inc = stats(inclusion);
  const con = stats(consistency);
  console.log(`\nLedger proofs — PostgreSQL, ${N.toLocaleString('en-US')} entries, ${RUNS} random proofs each (LedgerProofsService, as GraphQL serves them)\n`);
  console.log('| measure | median ms | p95 ms | max ms | note |');
  console.log('|---|---:|---:|---:|---|');
  console.log(`| ledgerInclusionProof(seq, ${N}) | ${inc.median.toFixed(2)} | ${inc.p95.toFixed(2)} | ${inc.max.toFixed(2)} | ≤ ${inclusionNodes} nodes, each verified |`);
  console.log(`| ledgerConsistencyProof(from, ${N}) | ${con.median.toFixed(2)} | ${con.p95.toFixed(2)} | ${con.max.toFixed(2)} | one checked against the recomputed old root |`);
  console.log(`| building the ledger by bulk INSERT | ${buildSeconds.toFixed(1)} s | | | entries + tiles + head row |`);
} finally {
  await dataSource.destroy();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
