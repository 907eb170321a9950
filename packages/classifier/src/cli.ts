/**
 * `eastlake-classify FILE [--json] [--consent MANIFEST.csv --purpose PURPOSE]`
 * Exit 0 whatever the verdict; exit 2 with one line on stderr for unusable input or usage.
 */
import type cliProgressModule from 'cli-progress';
import { classifyFile, ENGINE_VERSION } from './classify.js';
import { ClassifierError } from './errors.js';
import { formatReport } from './format-table.js';

const USAGE = 'usage: eastlake-classify FILE [--json] [--consent MANIFEST.csv --purpose PURPOSE]';
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
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a === '--version') {
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
  const report = await classifyFile(args.file, {
    consentPath: args.consent,
    purpose: args.purpose,
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
  }).finally(() => {
    (bar as InstanceType<typeof cliProgressModule.SingleBar> | null)?.stop();
  });
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${formatReport(report, args.file, Boolean(process.stdout.isTTY))}\n`);
}

main().catch((e: unknown) => {
  if (e instanceof ClassifierError) fail(e.message);
  process.stderr.write(
    `eastlake-classify: internal error: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
