import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ExportProblem } from './export-verifier.js';
import {
  isConsistencyProofDocument,
  verifyConsistencyProofDocument,
  verifyInclusionProofDocument,
} from './proof-document.js';
import {
  parseSignedTreeHead,
  publicKeyFingerprint,
  publicKeyFromSpkiPem,
  type SignedTreeHead,
} from './tree-head.js';
import { verifyExportFile } from './node.js';

const NAME = 'eastlake-verify';
const USAGE = `usage: ${NAME} EXPORT.ndjson --head HEAD.json [--public-key KEY.pem]
       ${NAME} --proof PROOF.json [--head HEAD.json] [--public-key KEY.pem]
       ${NAME} --proof CONSISTENCY.json [--old-head OLD.json] [--head HEAD.json] [--public-key KEY.pem]

Verifies an EastLake audit ledger export, an inclusion proof or a consistency proof offline.
Exit status: 0 verified, 1 verification failed, 2 unreadable input or usage error.`;

/** Exit status and one line for stderr: the CLI's only way to stop. */
class CliExit extends Error {
  constructor(
    readonly status: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

function usageError(message: string): never {
  throw new CliExit(2, `${message} (usage: ${NAME} EXPORT.ndjson --head HEAD.json, or --help)`);
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliExit(2, `cannot read ${what} ${path}: ${describeFsError(error)}`);
  }
}

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliExit(2, `${what} ${path} is not valid JSON`);
  }
}

async function readHead(path: string): Promise<SignedTreeHead> {
  const value = await readJson(path, 'head');
  try {
    return parseSignedTreeHead(value);
  } catch (error) {
    throw new CliExit(2, `head ${path} is not a signed tree head: ${(error as Error).message}`);
  }
}

async function readPublicKey(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const pem = await readText(path, 'public key');
  try {
    publicKeyFromSpkiPem(pem);
  } catch (error) {
    throw new CliExit(2, `public key ${path}: ${(error as Error).message}`);
  }
  return pem;
}

function keyNote(head: SignedTreeHead, pinned: string | undefined): string {
  if (pinned) return `signed by the pinned key ${publicKeyFingerprint(pinned)}`;
  return `signature checked against the key in the head (fingerprint ${publicKeyFingerprint(head.publicKey)}); pass --public-key to pin the exchange's published key`;
}

function progressReporter(): { onProgress?: (n: number) => void; done: () => void } {
  if (!process.stderr.isTTY) return { done: () => undefined };
  let shown = false;
  return {
    onProgress: (n) => {
      shown = true;
      process.stderr.write(`\rverifying… ${n.toLocaleString('en-US')} entries`);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

async function verifyExportCommand(
  exportPath: string,
  headPath: string,
  keyPath: string | undefined,
): Promise<void> {
  const head = await readHead(headPath);
  const pinned = await readPublicKey(keyPath);
  const progress = progressReporter();
  let result;
  try {
    result = await verifyExportFile(exportPath, head, {
      trustedPublicKey: pinned,
      onProgress: progress.onProgress,
    });
  } catch (error) {
    throw new CliExit(2, `cannot read export ${exportPath}: ${describeFsError(error)}`);
  } finally {
    progress.done();
  }
  if (!result.ok) {
    if (result.problem === ExportProblem.NOT_JSON) {
      throw new CliExit(2, `export ${exportPath}: ${result.message}`);
    }
    const where = result.seq === null ? '' : `seq ${result.seq}: `;
    throw new CliExit(1, `FAILED ${where}${result.message}`);
  }
  process.stdout.write(`verified ${result.treeSize} entries, root ${result.rootHash}\n`);
  const notes = [keyNote(head, pinned)];
  if (result.entries > result.treeSize) {
    notes.push(
      `${result.entries - result.treeSize} entries after seq ${result.treeSize} are well-formed but not covered by the signed head`,
    );
  }
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
}

interface ProofOptions {
  head?: string;
  oldHead?: string;
  publicKey?: string;
}

async function verifyProofCommand(proofPath: string, options: ProofOptions): Promise<void> {
  const doc = await readJson(proofPath, 'proof');
  const head = options.head === undefined ? undefined : await readHead(options.head);
  const pinned = await readPublicKey(options.publicKey);
  if (isConsistencyProofDocument(doc)) {
    const oldHead = options.oldHead === undefined ? undefined : await readHead(options.oldHead);
    return reportConsistency(proofPath, doc, oldHead, head, pinned);
  }
  if (options.oldHead !== undefined) usageError('--old-head is for consistency proofs');
  let result;
  try {
    result = verifyInclusionProofDocument(doc, head, pinned);
  } catch (error) {
    throw new CliExit(2, `${(error as Error).message} (${proofPath})`);
  }
  if (!result.ok) throw new CliExit(1, `FAILED ${result.message}`);
  process.stdout.write(
    `verified inclusion of seq ${result.leafIndex + 1} (leaf ${result.leafIndex}) in tree of size ${result.treeSize}, root ${result.rootHash}\n`,
  );
  if (head) process.stderr.write(`note: ${keyNote(head, pinned)}\n`);
  else
    process.stderr.write(
      'note: the root was not authenticated; pass --head HEAD.json to check it against a signed tree head\n',
    );
}

function reportConsistency(
  proofPath: string,
  doc: unknown,
  oldHead: SignedTreeHead | undefined,
  head: SignedTreeHead | undefined,
  pinned: string | undefined,
): void {
  let result;
  try {
    result = verifyConsistencyProofDocument(doc, oldHead, head, pinned);
  } catch (error) {
    throw new CliExit(2, `${(error as Error).message} (${proofPath})`);
  }
  if (!result.ok) throw new CliExit(1, `FAILED ${result.message}`);
  process.stdout.write(
    `verified consistency: tree of size ${result.fromSize} (root ${result.fromRoot}) is a prefix of tree of size ${result.toSize} (root ${result.toRoot})\n`,
  );
  const signer = head ?? oldHead;
  if (!result.signed) {
    process.stderr.write(
      'note: not every root was authenticated; pass --old-head and --head to check both against signed tree heads\n',
    );
  } else if (signer) {
    process.stderr.write(`note: ${keyNote(signer, pinned)}\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        head: { type: 'string' },
        proof: { type: 'string' },
        'old-head': { type: 'string' },
        'public-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.proof !== undefined) {
    if (positionals.length > 0) usageError('--proof takes no export file');
    return verifyProofCommand(values.proof, {
      head: values.head,
      oldHead: values['old-head'],
      publicKey: values['public-key'],
    });
  }
  if (values['old-head'] !== undefined) usageError('--old-head needs --proof CONSISTENCY.json');
  if (positionals.length !== 1)
    usageError(positionals.length === 0 ? 'missing EXPORT.ndjson' : 'too many arguments');
  if (values.head === undefined) usageError('missing --head HEAD.json');
  return verifyExportCommand(positionals[0], values.head, values['public-key']);
}

process.stdout.on('error', () => process.exit(process.exitCode ?? 0));

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    if (error instanceof CliExit) {
      process.stderr.write(`${NAME}: ${error.message}\n`);
      process.exitCode = error.status;
    } else {
      process.stderr.write(
        `${NAME}: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 2;
    }
  },
);
