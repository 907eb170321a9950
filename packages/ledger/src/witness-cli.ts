import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LedgerException } from './ledger.exception.js';
import { loadWitnessState, startWitnessServer } from './node/witness-server.js';
import { verifierKeyOfSeed } from './node/note-keys.js';
import { fromBase64 } from './encoding.js';
import { NoteSignatureType } from './signed-note.js';

const NAME = 'eastlake-witness';
const USAGE = `usage: ${NAME} --state FILE --log LOG_KEY [--log LOG_KEY …] [--name NAME] [--host HOST] [--port PORT]
       ${NAME} --state FILE --name NAME --print-key

A C2SP tlog-witness for the EastLake audit ledger: it accepts checkpoints at
POST /add-checkpoint, checks each one is consistent with the last one it cosigned for
that log (refusing rollbacks and forks), remembers it in the state file and returns a
C2SP tlog-cosignature (cosignature/v1). GET /verifier-key prints its key, GET /status
what it has seen.

Options:
  --state FILE     state file (created with a new key when missing; keep it private, 0600)
  --name NAME      the witness's key name, e.g. regulator.example/witness (needed to create the state)
  --log LOG_KEY    verifier key of a log to witness (GET /api/ledger/verifier-key), repeatable
  --host HOST      address to listen on (default 127.0.0.1)
  --port PORT      port to listen on (default 7380; 0 picks a free port)
  --print-key      print the witness's verifier key (creating the state if needed) and exit
  -h, --help       show this help
  --version        print the version

Exit status: 0 stopped normally (SIGINT/SIGTERM), 1 could not start (state file, port),
2 usage error.

Examples:
  ${NAME} --state witness.json --name regulator.example/witness --print-key
  ${NAME} --state witness.json --log "$(curl -s https://exchange.example/api/ledger/verifier-key)" --port 7380`;

class CliExit extends Error {
  constructor(
    readonly status: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

function usageError(message: string): never {
  throw new CliExit(2, `${message} (see ${NAME} --help)`);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        state: { type: 'string' },
        name: { type: 'string' },
        log: { type: 'string', multiple: true },
        host: { type: 'string' },
        port: { type: 'string' },
        'print-key': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.version) return void process.stdout.write(`${NAME} ${version()}\n`);
  if (!values.state) usageError('missing --state FILE');
  if (values['print-key']) {
    const state = await loadWitnessState(values.state, values.name).catch((error: unknown) => {
      throw new CliExit(1, (error as Error).message);
    });
    process.stdout.write(`${verifierKeyOfSeed(state.name, fromBase64(state.secretKey), NoteSignatureType.COSIGNATURE_V1)}\n`);
    return;
  }
  const logs = values.log ?? [];
  if (logs.length === 0) usageError('missing --log LOG_KEY (the verifier key of the log to witness)');
  const port = values.port === undefined ? 7380 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^[0-9]+$/.test(values.port ?? '0')) usageError('--port must be a port number 0…65535');
  let running;
  try {
    running = await startWitnessServer({ statePath: values.state, name: values.name, logs, host: values.host, port });
  } catch (error) {
    if (error instanceof LedgerException && /verifier key|key ID|signature type|key name/.test(error.message)) usageError(`--log: ${error.message}`);
    throw new CliExit(1, (error as Error).message);
  }
  process.stdout.write(`${NAME}: ${running.name} listening on ${running.url}\nverifier key: ${running.verifierKey}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const status = error instanceof CliExit ? error.status : 1;
    process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = status;
  },
);
