/**
 * Entry points: classify a file or a stream into the CLASSIFIER.md report.
 * Pass 1 streams every record through the profiler; a second pass over the file runs only
 * when a consent manifest is given (coverage needs the final column categories) or when the
 * row-level roles the whole file settled on (quasi-identifiers, count, coordinates, timestamp,
 * entities) differ from those the header predicted (v2: no decision is taken on a prefix).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { decodeEncoded, Encoded } from './detect/encoded.js';
import {
  ID_NAMES,
  IdentifierScanner,
  needsNormalising,
  type Id,
} from './detect/identifier-scanner.js';
import { normaliseValue } from './detect/normalise.js';
import { dateNumber } from './detect/validators.js';
import { isAddress } from './detect/value-detectors.js';
import { KEYABLE_TYPES, loadConsent, sha256Hex, type ConsentIndex } from './consent.js';
import { ClassifierError, ClassifierErrorCode } from './errors.js';
import { readTable, type TableInfo, type TableSink } from './input/read-table.js';
import { needsRows, planKey, RowTracker } from './profile/row-plan.js';
import { readFileInSegments } from './profile/segments.js';
import { splitTypeOf, TableProfiler } from './profile/table-profiler.js';
import { analyse, analyseColumns, categoryOf, type ColumnFindings } from './report/analyse.js';
import { buildReasons } from './report/reasons.js';
import { decideVerdict, type VerdictFacts } from './report/verdict-rules.js';
import type { ClassificationReport, ClassifyOptions, ConsentReport, PiiType } from './types.js';

/** Version of the detection rules; stored with every verdict. */
export const ENGINE_VERSION = '2.0.0';

const CHUNK = 1 << 20;

/**
 * Classifies the file at `path` (CSV/TSV, NDJSON or JSON array; UTF-8 or GBK/GB18030).
 * Throws {@link ClassifierError} for missing, directory, empty, binary, undecodable or
 * unsupported input; any verdict (including UNTRADEABLE) is a normal result.
 */
export async function classifyFile(
  path: string,
  opts: ClassifyOptions = {},
): Promise<ClassificationReport> {
  const started = performance.now();
  checkOptions(opts);
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory())
      throw new ClassifierError(
        ClassifierErrorCode.NOT_A_FILE,
        `${path} is a directory, not a file`,
      );
    if (!s.isFile())
      throw new ClassifierError(ClassifierErrorCode.NOT_A_FILE, `${path} is not a regular file`);
    size = s.size;
  } catch (e) {
    if (e instanceof ClassifierError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ClassifierError(ClassifierErrorCode.NOT_FOUND, `file not found: ${path}`);
    throw new ClassifierError(
      ClassifierErrorCode.UNREADABLE,
      `cannot read ${path} (${code ?? 'error'})`,
    );
  }
  if (size === 0)
    throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, `${path} is empty (0 bytes)`);
  const open = (): Readable => createReadStream(path, { highWaterMark: CHUNK });
  // Segmented reading opens its own streams: the first one is not opened here.
  const threads = opts.threads ?? defaultThreads();
  if (threads > 1)
    return run(null, open, size, opts, started, (profiler) =>
      readFileInSegments(path, size, profiler, threads, { onProgress: opts.onProgress }),
    );
  return run(open(), open, size, opts, started);
}

/**
 * Classifies a byte stream. A consent check, and an exact k when the quasi-identifier
 * columns differ from those planned on the first records, need a second pass: pass
 * `reopen` (a factory for a fresh stream of the same bytes) for those.
 */
export async function classifyStream(
  readable: AsyncIterable<Buffer | string>,
  opts: ClassifyOptions & {
    reopen?: () => AsyncIterable<Buffer | string>;
    totalBytes?: number;
  } = {},
): Promise<ClassificationReport> {
  const started = performance.now();
  checkOptions(opts);
  if (opts.consentPath && !opts.reopen) {
    throw new ClassifierError(
      ClassifierErrorCode.USAGE,
      'a consent check reads the data twice: pass `reopen`, or use classifyFile',
    );
  }
  return run(readable, opts.reopen ?? null, opts.totalBytes ?? 0, opts, started);
}

/**
 * Threads for reading a large file: on the main thread, one per idle core plus this one (as
 * `make -l`: a thread without a core to run on only adds overhead), up to 4; inside a worker
 * thread 1 (a server already runs classifications side by side). The report does not depend on it.
 */
function defaultThreads(): number {
  if (!isMainThread) return 1;
  const cores = availableParallelism();
  const idle = Math.floor(cores - loadavg()[0]);
  return Math.max(1, Math.min(cores, 4, idle + 1));
}

function checkOptions(opts: ClassifyOptions): void {
  if (opts.consentPath && !opts.purpose?.trim()) {
    throw new ClassifierError(
      ClassifierErrorCode.USAGE,
      '--consent needs --purpose (the purpose the consent must list)',
    );
  }
}

async function run(
  source: AsyncIterable<Buffer | string> | null,
  reopen: (() => AsyncIterable<Buffer | string>) | null,
  totalBytes: number,
  opts: ClassifyOptions,
  started: number,
  readFirst?: (profiler: TableProfiler) => Promise<TableInfo>,
): Promise<ClassificationReport> {
  const now = opts.now ?? new Date();
  const warnings: string[] = [];
  let consentIndex: ConsentIndex | null = null;
  let purpose = '';
  if (opts.consentPath) {
    purpose = (opts.purpose as string).trim();
    const loaded = await loadConsent(opts.consentPath, purpose, now);
    consentIndex = loaded.index;
    if (loaded.valid < loaded.records)
      warnings.push(
        `${loaded.records - loaded.valid} of ${loaded.records} consent records are not valid for "${purpose}" today and were ignored`,
      );
  } else if (opts.purpose) {
    warnings.push('a purpose was given without a consent manifest; it was ignored');
  }

  const profiler = new TableProfiler(now);
  const info = readFirst
    ? await readFirst(profiler)
    : await readTable(
        source as AsyncIterable<Buffer | string>,
        totalBytes,
        profiler,
        opts.onProgress,
      );
  profiler.finish();
  if (profiler.rows === 0)
    throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, 'input has no data rows');
  const findings = analyseColumns(profiler);

  // v2 — the whole file decides: row-level structures must cover the roles settled after the last
  // row. Pass 1 tracked the roles the header predicted; when they differ, or consent must be
  // checked, the data is read a second time.
  const plan = findings.plan;
  let rows: RowTracker | null = null;
  if (
    needsRows(plan) &&
    profiler.tracker !== null &&
    profiler.plan !== null &&
    planKey(profiler.plan) === planKey(plan)
  )
    rows = profiler.tracker;
  const rowsNeeded = needsRows(plan) && rows === null;
  let consent: ConsentReport | null = null;
  let second: SecondPass | null = null;
  if ((consentIndex || rowsNeeded) && reopen) {
    second = new SecondPass(
      findings,
      consentIndex,
      rowsNeeded ? new RowTracker(plan) : null,
      profiler,
    );
    await readTable(reopen(), totalBytes, second);
    if (second.tracker) rows = second.tracker;
  }
  const a = analyse(profiler, findings, rows);
  if (consentIndex && second) {
    // GEO_TRACE columns are SENSITIVE only once the trace is found: both tallies were kept.
    const geoSensitive = a.columns.some((c) => c.held.has('GEO_TRACE'));
    consent = {
      coveredRows: geoSensitive ? second.coveredGeo : second.covered,
      neededRows: second.needed,
      purpose,
    };
  }
  if (a.rowsMissing) {
    warnings.push(
      'the stream cannot be re-read and the row-level roles differ from those the header predicted: location traces, group tables and k-anonymity were not computed',
    );
  }
  if (a.kEstimated)
    warnings.push(
      'more than 1,000,000 distinct quasi-identifier combinations: the smallest class size is an estimate',
    );

  const minorColumns = a.columns.filter((c) => c.held.has('MINOR')).map((c) => c.name);
  const consentCoversAll =
    consent !== null && consent.neededRows > 0 && consent.coveredRows === consent.neededRows;
  const facts: VerdictFacts = {
    sensitiveColumns: a.columns.filter((c) => c.category === 'SENSITIVE').map((c) => c.name),
    directColumns: a.columns.filter((c) => c.category === 'DIRECT_IDENTIFIER').map((c) => c.name),
    scatteredDirect: a.scatteredDirect,
    minorColumns,
    nameColumns: a.columns.filter((c) => c.category === 'PERSON_NAME').map((c) => c.name),
    pseudonymousColumns: a.columns.filter((c) => c.category === 'PSEUDONYMOUS').map((c) => c.name),
    onlineColumns: a.columns.filter((c) => c.category === 'ONLINE_IDENTIFIER').map((c) => c.name),
    opaqueColumns: a.opaqueColumns,
    qiGroups: a.qiGroups,
    k: a.k,
    kUnknown: a.kStale,
    consentCoversAll,
  };
  const rule = decideVerdict(facts);
  return {
    verdict: rule.verdict,
    rows: profiler.rows,
    columns: a.columns.map((c) => ({ name: c.name, category: c.category, types: c.types })),
    reasons: buildReasons({ analysis: a, consent, consentCoversAll, minorColumns }),
    consent,
    exposure: a.exposure,
    warnings: [...profiler.warnings, ...findings.warnings, ...warnings],
    stats: { bytes: info.bytes, ms: Math.round(performance.now() - started) },
  };
}

const KEYABLE = new Set<PiiType>(KEYABLE_TYPES);

/**
 * Second pass: the row-level structures of the final plan (when pass 1 could not track them)
 * and/or consent coverage per row.
 */
class SecondPass implements TableSink {
  needed = 0;
  covered = 0;
  /** Covered rows when the coordinate columns turn out SENSITIVE (a GEO_TRACE). */
  coveredGeo = 0;
  private readonly scanner: IdentifierScanner;
  private readonly tokens: { type: PiiType; norm: string }[] = [];
  private readonly sensitive: boolean[];
  private readonly geoCols: Set<number>;
  private readonly splitPairs: { left: number; type: PiiType }[] = [];

  constructor(
    private readonly f: ColumnFindings,
    private readonly index: ConsentIndex | null,
    readonly tracker: RowTracker | null,
    private readonly first: TableProfiler,
  ) {
    this.scanner = new IdentifierScanner(dateNumber(first.now));
    this.sensitive = f.columns.map((c) => categoryOf(c.held) === 'SENSITIVE');
    const g = f.plan.geo;
    this.geoCols = new Set(g ? [g.lat, g.lon, g.latLon].filter((x) => x >= 0) : []);
    for (const c of f.columns)
      if (c.split && c.split.with === f.columns[c.index + 1]?.name)
        this.splitPairs.push({ left: c.index, type: c.split.type });
  }

  columns(): void {}
  warning(): void {}
  isHeader(): boolean {
    return !this.first.headerless; // same bytes, same decision as pass 1
  }

  row(values: readonly string[], extras?: readonly (readonly [number, string])[]): void {
    if (this.tracker) this.tracker.add(values);
    if (!this.index) return;
    let sensitive = false;
    let geo = false;
    let direct = false;
    let ok = false;
    let okSensitive = false;
    const toks = this.tokens;
    toks.length = 0;
    const visit = (ci: number, raw: string | undefined): void => {
      if (!raw) return;
      const v = raw.trim();
      if (!v) return;
      const c = this.f.columns[ci];
      if (!c) return;
      if (this.sensitive[ci]) sensitive = true;
      if (this.geoCols.has(ci)) geo = true;
      if (c.counted.size === 0) return;
      const account = ci < this.first.cols.length && this.first.cols[ci].hints.account;
      const collect = (id: Id, norm: string): void => {
        const type = ID_NAMES[id] as PiiType;
        if (c.counted.has(type) && KEYABLE.has(type)) toks.push({ type, norm });
      };
      this.scanner.scan(v, account, collect);
      const enc = this.scanner.normalised ?? v;
      if (enc.length >= 16) {
        const dec = decodeEncoded(enc);
        if (dec.kind === Encoded.TEXT) this.scanner.scan(dec.text, account, collect);
      }
      if (c.counted.has('ADDRESS') && isAddress(this.scanner.normalised ?? v)) direct = true;
    };
    const n = this.f.columns.length;
    for (let ci = 0; ci < n; ci++) visit(ci, values[ci]);
    if (extras) for (const [ci, v] of extras) visit(ci, v);
    for (const pair of this.splitPairs) {
      const joined = `${normDigits(values[pair.left])}${normDigits(values[pair.left + 1])}`;
      const t = splitTypeOf(joined, this.first.todayNum);
      if (t !== null)
        toks.push({
          type: t,
          norm: joined.slice(-11).length === 11 && t === 'CN_MOBILE' ? joined.slice(-11) : joined,
        });
    }
    for (const t of toks) {
      direct = true;
      const rec = this.index.get(sha256Hex(t.norm));
      if (rec !== undefined) {
        ok = true;
        if (rec) okSensitive = true;
      }
    }
    if (!direct) return;
    this.needed++;
    if (sensitive ? okSensitive : ok) this.covered++;
    if (sensitive || geo ? okSensitive : ok) this.coveredGeo++;
  }
}

function normDigits(v: string | undefined): string {
  const t = (v ?? '').trim();
  return needsNormalising(t) ? normaliseValue(t) : t;
}
