/**
 * Entry points: classify a file or a stream into the CLASSIFIER.md report.
 * Pass 1 streams every record through the profiler; a second pass over the file runs only
 * when a consent manifest is given (coverage needs the final column categories) or when the
 * quasi-identifier columns turned out different from those planned on the first records.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ID_NAMES, IdentifierScanner, type Id } from './detect/identifier-scanner.js';
import { dateNumber } from './detect/validators.js';
import { isAddress } from './detect/value-detectors.js';
import { loadConsent, sha256Hex, type ConsentIndex } from './consent.js';
import { ClassifierError, ClassifierErrorCode } from './errors.js';
import { readTable, type TableSink } from './input/read-table.js';
import { CountTable, hash52 } from './profile/distinct-counter.js';
import { qiKey, TableProfiler } from './profile/table-profiler.js';
import { analyse, type Analysis } from './report/analyse.js';
import { buildReasons } from './report/reasons.js';
import { decideVerdict, type VerdictFacts } from './report/verdict-rules.js';
import type { ClassificationReport, ClassifyOptions, ConsentReport, PiiType } from './types.js';

/** Version of the detection rules; stored with every verdict. */
export const ENGINE_VERSION = '1.0.0';

const CHUNK = 1 << 20;

/**
 * Classifies the file at `path` (CSV/TSV, NDJSON or JSON array; UTF-8 or GBK/GB18030).
 * Throws {@link ClassifierError} for missing, directory, empty, binary, undecodable or
 * unsupported input; any verdict (including UNTRADEABLE) is a normal result.
 */
export async function classifyFile(path: string, opts: ClassifyOptions = {}): Promise<ClassificationReport> {
  const started = performance.now();
  checkOptions(opts);
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new ClassifierError(ClassifierErrorCode.NOT_A_FILE, `${path} is a directory, not a file`);
    if (!s.isFile()) throw new ClassifierError(ClassifierErrorCode.NOT_A_FILE, `${path} is not a regular file`);
    size = s.size;
  } catch (e) {
    if (e instanceof ClassifierError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ClassifierError(ClassifierErrorCode.NOT_FOUND, `file not found: ${path}`);
    throw new ClassifierError(ClassifierErrorCode.UNREADABLE, `cannot read ${path} (${code ?? 'error'})`);
  }
  if (size === 0) throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, `${path} is empty (0 bytes)`);
  const open = (): Readable => createReadStream(path, { highWaterMark: CHUNK });
  return run(open(), open, size, opts, started);
}

/**
 * Classifies a byte stream. A consent check, and an exact k when the quasi-identifier
 * columns differ from those planned on the first records, need a second pass: pass
 * `reopen` (a factory for a fresh stream of the same bytes) for those.
 */
export async function classifyStream(
  readable: AsyncIterable<Buffer | string>,
  opts: ClassifyOptions & { reopen?: () => AsyncIterable<Buffer | string>; totalBytes?: number } = {},
): Promise<ClassificationReport> {
  const started = performance.now();
  checkOptions(opts);
  if (opts.consentPath && !opts.reopen) {
    throw new ClassifierError(ClassifierErrorCode.USAGE, 'a consent check reads the data twice: pass `reopen`, or use classifyFile');
  }
  return run(readable, opts.reopen ?? null, opts.totalBytes ?? 0, opts, started);
}

function checkOptions(opts: ClassifyOptions): void {
  if (opts.consentPath && !opts.purpose?.trim()) {
    throw new ClassifierError(ClassifierErrorCode.USAGE, '--consent needs --purpose (the purpose the consent must list)');
  }
}

async function run(
  source: AsyncIterable<Buffer | string>,
  reopen: (() => AsyncIterable<Buffer | string>) | null,
  totalBytes: number,
  opts: ClassifyOptions,
  started: number,
): Promise<ClassificationReport> {
  const now = opts.now ?? new Date();
  const warnings: string[] = [];
  let consentIndex: ConsentIndex | null = null;
  let purpose = '';
  if (opts.consentPath) {
    purpose = (opts.purpose as string).trim();
    const loaded = await loadConsent(opts.consentPath, purpose, now);
    consentIndex = loaded.index;
    if (loaded.valid < loaded.records) warnings.push(`${loaded.records - loaded.valid} of ${loaded.records} consent records are not valid for "${purpose}" today and were ignored`);
  } else if (opts.purpose) {
    warnings.push('a purpose was given without a consent manifest; it was ignored');
  }

  const profiler = new TableProfiler(now);
  const info = await readTable(source, totalBytes, profiler, opts.onProgress);
  profiler.finish();
  if (profiler.rows === 0) throw new ClassifierError(ClassifierErrorCode.EMPTY_INPUT, 'input has no data rows');
  const a = analyse(profiler);

  let consent: ConsentReport | null = null;
  if ((consentIndex || a.kStale) && reopen) {
    const second = new SecondPass(a, consentIndex, a.kStale, profiler);
    await readTable(reopen(), totalBytes, second);
    if (a.kStale && second.kTable) {
      const [min] = second.kTable.minMax();
      a.k = min;
      if (second.kTable.overflowed) {
        a.kEstimated = true;
        a.k = Math.min(min, Math.max(1, Math.floor(profiler.rows / Math.max(1, second.kTable.all.count))));
      }
      a.kStale = false;
    }
    if (consentIndex) consent = { coveredRows: second.covered, neededRows: second.needed, purpose };
  }
  if (a.kStale) warnings.push('the quasi-identifier columns differ from those seen in the first rows and the stream cannot be re-read: k-anonymity was not computed');
  if (a.kEstimated) warnings.push('more than 1,000,000 distinct quasi-identifier combinations: the smallest class size is an estimate');

  const minorColumns = a.columns.filter((c) => c.held.has('MINOR')).map((c) => c.name);
  const consentCoversAll = consent !== null && consent.neededRows > 0 && consent.coveredRows === consent.neededRows;
  const facts: VerdictFacts = {
    sensitiveColumns: a.columns.filter((c) => c.category === 'SENSITIVE').map((c) => c.name),
    directColumns: a.columns.filter((c) => c.category === 'DIRECT_IDENTIFIER').map((c) => c.name),
    scatteredDirect: a.scatteredDirect,
    minorColumns,
    nameColumns: a.columns.filter((c) => c.category === 'PERSON_NAME').map((c) => c.name),
    pseudonymousColumns: a.columns.filter((c) => c.category === 'PSEUDONYMOUS').map((c) => c.name),
    onlineColumns: a.columns.filter((c) => c.category === 'ONLINE_IDENTIFIER').map((c) => c.name),
    qiGroups: a.qiGroups,
    k: a.k,
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
    warnings: [...profiler.warnings, ...a.warnings, ...warnings],
    stats: { bytes: info.bytes, ms: Math.round(performance.now() - started) },
  };
}

const KEYABLE = new Set<PiiType>(['CN_RESIDENT_ID', 'CN_MOBILE', 'EMAIL', 'BANK_CARD', 'CN_PASSPORT', 'STOCK_ACCOUNT']);

/** Second pass: consent coverage per row and/or k over the final quasi-identifier columns. */
class SecondPass implements TableSink {
  needed = 0;
  covered = 0;
  kTable: CountTable | null = null;
  private readonly scanner: IdentifierScanner;
  private readonly tokens: { type: PiiType; norm: string }[] = [];
  private readonly kCols: { qi: number[]; district: number[] };

  constructor(
    private readonly a: Analysis,
    private readonly index: ConsentIndex | null,
    recomputeK: boolean,
    private readonly first: TableProfiler,
  ) {
    this.scanner = new IdentifierScanner(dateNumber(first.now));
    this.kCols = { qi: a.qiColumns, district: a.districtColumns };
    if (recomputeK) this.kTable = new CountTable();
  }

  columns(): void {}
  warning(): void {}
  isHeader(): boolean {
    return !this.first.headerless; // same bytes, same decision as pass 1
  }

  row(values: readonly string[]): void {
    if (this.kTable) this.kTable.add(hash52(qiKey(values, this.kCols)));
    if (!this.index) return;
    let sensitive = false;
    let direct = false;
    let ok = false;
    let okSensitive = false;
    const toks = this.tokens;
    for (const c of this.a.columns) {
      const raw = values[c.index];
      if (!raw) continue;
      const v = raw.trim();
      if (!v) continue;
      if (c.category === 'SENSITIVE') sensitive = true;
      if (c.counted.size === 0) continue;
      toks.length = 0;
      this.scanner.scan(v, c.index < this.first.cols.length && this.first.cols[c.index].hints.account, (id: Id, norm: string) => {
        const type = ID_NAMES[id] as PiiType;
        if (c.counted.has(type) && KEYABLE.has(type)) toks.push({ type, norm });
      });
      for (const t of toks) {
        direct = true;
        const rec = this.index.get(sha256Hex(t.norm));
        if (rec !== undefined) {
          ok = true;
          if (rec) okSensitive = true;
        }
      }
      if (c.counted.has('ADDRESS') && isAddress(v)) direct = true;
    }
    if (!direct) return;
    this.needed++;
    if (sensitive ? okSensitive : ok) this.covered++;
  }
}
