/**
 * `eastlake-classify FILE [--json] [--consent MANIFEST.csv --purpose PURPOSE]`
 * Exit 0 whatever the verdict; exit 2 with one line on stderr for unusable input or usage.
 * `-` reads standard input (spooled to a private temporary file, so a consent check or a
 * second pass can re-read it; memory stays bounded).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type cliProgressModule from 'cli-progress';
import { classifyFile, ENGINE_VERSION } from './classify.js';
import { ClassifierError } from './errors.js';
import { formatReport } from './format-table.js';

const USAGE = 'usage: eastlake-classify FILE|- [--json] [--consent MANIFEST.csv --purpose PURPOSE]';
const HELP = `${USAGE}

Classifies a dataset (CSV/TSV, NDJSON or a JSON array of objects; UTF-8 or GBK/GB18030)
and decides whether it may be traded: TRADEABLE, AMBIGUOUS or UNTRADEABLE, with the
reasons, their legal citations and a remediation.

Arguments:
  FILE                    the dataset to classify; - reads standard input

Options:
  --json                  print exactly one JSON object (the report) on stdout
  --consent MANIFEST.csv  a consent manifest (subject_key, purposes, third_party,
                          sensitive_separate, expires_at, revoked_at); needs --purpose
  --purpose PURPOSE       the purpose of the trade the consent must list
  -h, --help              show this help and exit
  -V, --version           print the engine version and exit

Exit codes:
  0  a report was printed, whatever the verdict
  1  internal error (a bug: please report it)
  2  usage error, or input that cannot be classified (missing, empty, binary,
     undecodable or unsupported); one line on stderr

Examples:
  eastlake-classify customers.csv
  eastlake-classify customers.csv --json | jq .verdict
  eastlake-classify customers.csv --consent consent.csv --purpose marketing --json
  gunzip -c export.csv.gz | eastlake-classify - --json`;
const PROGRESS_MIN_BYTES = 16 << 20;

interface Args {
  file: string;
  json: boolean;
  consent?: string;
  purpose?: string;
}

function fail(message: string): never {
  process.stderr.write(`eastlake-classify: ${message.split('\n')[0]}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let json = false;
  let consent: string | undefined;
  let purpose: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${a} needs a value (${USAGE})`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--consent' || a.startsWith('--consent=')) consent = value();
    else if (a === '--purpose' || a.startsWith('--purpose=')) purpose = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else if (a === '--version' || a === '-V') {
      process.stdout.write(`${ENGINE_VERSION}\n`);
      process.exit(0);
    } else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a} (${USAGE})`);
    else if (file === undefined) file = a;
    else fail(`unexpected argument ${a} (${USAGE})`);
  }
  if (file === undefined) fail(`no input file (${USAGE})`);
  if (consent !== undefined && !purpose?.trim())
    fail('--consent needs --purpose PURPOSE (the purpose the consent must list)');
  return { file, json, consent, purpose };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Loaded only when a progress bar can be shown (stderr is a terminal): start-up time counts.
  const cliProgress: typeof cliProgressModule | null = process.stderr.isTTY
    ? (await import('cli-progress')).default
    : null;
  let bar: InstanceType<typeof cliProgressModule.SingleBar> | null = null;
  let spool: string | null = null;
  let path = args.file;
  if (args.file === '-') {
    if (process.stdin.isTTY) fail(`- reads standard input, but it is a terminal (${USAGE})`);
    spool = await mkdtemp(join(tmpdir(), 'eastlake-classify-'));
    path = join(spool, 'stdin');
    await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
  }
  // EASTLAKE_CLASSIFY_THREADS: threads for a large CSV file (default: idle cores + 1, up to 4); same report.
  const threads = Number(process.env.EASTLAKE_CLASSIFY_THREADS);
  const report = await classifyFile(path, {
    consentPath: args.consent,
    purpose: args.purpose,
    threads: Number.isInteger(threads) && threads > 0 ? threads : undefined,
    onProgress: cliProgress
      ? (read, total) => {
          if (bar === null) {
            if (total < PROGRESS_MIN_BYTES) return;
            bar = new cliProgress.SingleBar(
              {
                format: 'classifying [{bar}] {percentage}% | {value}/{total} MB',
                stream: process.stderr,
                clearOnComplete: true,
                hideCursor: true,
              },
              cliProgress.Presets.shades_classic,
            );
            bar.start(Math.ceil(total / 1e6), 0);
          }
          bar.update(Math.floor(read / 1e6));
        }
      : undefined,
  })
    .catch((e: unknown) => {
      // Messages name the spooled file; the user gave standard input.
      if (spool && e instanceof ClassifierError)
        throw new ClassifierError(e.code, e.message.split(path).join('standard input'));
      throw e;
    })
    .finally(async () => {
      (bar as InstanceType<typeof cliProgressModule.SingleBar> | null)?.stop();
      if (spool) await rm(spool, { recursive: true, force: true });
    });
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else
    process.stdout.write(
      `${formatReport(report, args.file === '-' ? '(stdin)' : args.file, Boolean(process.stdout.isTTY))}\n`,
    );
}

main().catch((e: unknown) => {
  if (e instanceof ClassifierError) fail(e.message);
  process.stderr.write(
    `eastlake-classify: internal error: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
