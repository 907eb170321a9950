import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { verifyCosignature } from './cosignature.js';
import { toHex } from './encoding.js';
import { ExportProblem, ExportVerifier, verifyExportBatches, type ExportVerification } from './export-verifier.js';
import { readLineBatches, readStreamLineBatches } from './node/ndjson-lines.js';
import { openSignedNote, parseSignedNote, parseVerifierKey, type NoteVerifierKey } from './signed-note.js';
import { verifyTiles, type TilePathSource } from './tile-verifier.js';
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

const NAME = 'eastlake-verify';
const USAGE = `usage: ${NAME} EXPORT.ndjson --head HEAD.json [--public-key KEY.pem]
       ${NAME} --proof PROOF.json [--head HEAD.json] [--public-key KEY.pem]
       ${NAME} --proof CONSISTENCY.json [--old-head OLD.json] [--head HEAD.json] [--public-key KEY.pem]
       ${NAME} --checkpoint CHECKPOINT --verifier-key KEY --tiles DIR|URL [--witness KEY …] [--quorum N] [EXPORT.ndjson]

Verifies an EastLake audit ledger offline: an export against a signed tree head, an
inclusion or consistency proof, or a C2SP checkpoint and its tiles (tlog-tiles, height 8)
— every tile must have the width the checkpoint's size implies, every hash above level 0
must be the root of the tile below it, the tiles must rebuild the signed root and, with
an export, every entry must hash to its level-0 tile hash.

Options:
  --head HEAD.json          signed tree head (GET /api/ledger/head)
  --public-key KEY.pem      the exchange's published Ed25519 key, to pin the head's signer
  --proof PROOF.json        inclusion proof, or consistency proof (fromSize/toSize/consistencyPath)
  --old-head OLD.json       the earlier signed head, for a consistency proof
  --checkpoint FILE         C2SP checkpoint, a signed note (GET /api/ledger/checkpoint)
  --verifier-key KEY        note verifier key <name>+<id>+<base64> (GET /api/ledger/verifier-key), or a file holding it
  --tiles DIR|URL           tiles: a directory holding tile/<L>/<N>[.p/<W>], or the ledger URL prefix
                            (e.g. https://exchange.example/api/ledger)
  --witness KEY             a witness's cosignature verifier key (0x04), repeatable
  --quorum N                cosignatures needed from the --witness keys (default: all of them)
  -h, --help                show this help
  --version                 print the version
A file argument of - reads standard input (at most one).

Exit status: 0 verified, 1 verification failed (FAILED … on stderr), 2 unreadable input or
usage error (one line on stderr).

Examples:
  ${NAME} ledger.ndjson --head head.json --public-key exchange.pem
  curl -sH "authorization: Bearer $TOKEN" https://exchange.example/api/ledger/export | ${NAME} - --head head.json
  ${NAME} --proof proof.json --head head.json --public-key exchange.pem
  ${NAME} --checkpoint checkpoint.txt --verifier-key "$(cat exchange.vkey)" --tiles https://exchange.example/api/ledger \\
      --witness "$(cat regulator-witness.vkey)" ledger.ndjson`;

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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readText(path: string, what: string): Promise<string> {
  try {
    if (path === '-') return await readStdin();
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
    const batches = exportPath === '-' ? readStreamLineBatches(process.stdin) : readLineBatches(exportPath);
    result = await verifyExportBatches(batches, head, {
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

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseKey(value: string, what: string): NoteVerifierKey {
  const text = /^[^+\s]+\+[0-9a-f]{8}\+/.test(value) ? value : undefined;
  let raw = text;
  if (raw === undefined) {
    try {
      raw = readFileSync(value, 'utf8').trim();
    } catch (error) {
      throw new CliExit(2, `cannot read ${what} ${value}: ${describeFsError(error)}`);
    }
  }
  try {
    return parseVerifierKey(raw);
  } catch (error) {
    throw new CliExit(2, `${what}: ${(error as Error).message}`);
  }
}

function tileSource(where: string): TilePathSource {
  if (/^https?:\/\//.test(where)) {
    const prefix = where.replace(/\/+$/, '');
    return {
      async read(path) {
        let res: Response;
        try {
          res = await fetch(`${prefix}/${path}`);
        } catch (error) {
          throw new CliExit(2, `cannot fetch ${prefix}/${path}: ${(error as Error).message}`);
        }
        if (res.status === 404) return undefined;
        if (!res.ok) throw new CliExit(2, `cannot fetch ${prefix}/${path}: HTTP ${res.status}`);
        return new Uint8Array(await res.arrayBuffer());
      },
    };
  }
  return {
    async read(path) {
      try {
        return new Uint8Array(await readFile(join(where, ...path.split('/'))));
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw new CliExit(2, `cannot read ${join(where, path)}: ${describeFsError(error)}`);
      }
    },
  };
}

interface TilesOptions {
  checkpoint: string;
  verifierKey?: string;
  tiles?: string;
  witnesses: string[];
  quorum?: string;
  exportPath?: string;
}

async function verifyTilesCommand(options: TilesOptions): Promise<void> {
  if (options.verifierKey === undefined) usageError('--checkpoint needs --verifier-key KEY');
  if (options.tiles === undefined) usageError('--checkpoint needs --tiles DIR|URL');
  const logKey = parseKey(options.verifierKey, '--verifier-key');
  const witnessKeys = options.witnesses.map((w) => parseKey(w, '--witness'));
  if (witnessKeys.some((k) => k.type !== 0x04)) usageError('--witness takes a cosignature (0x04) verifier key');
  const quorum = options.quorum === undefined ? witnessKeys.length : Number(options.quorum);
  if (!Number.isInteger(quorum) || quorum < 0 || quorum > witnessKeys.length || !/^[0-9]+$/.test(options.quorum ?? '0')) {
    usageError(`--quorum must be 0…${witnessKeys.length} (the number of --witness keys)`);
  }
  const note = await readText(options.checkpoint, 'checkpoint');
  let text: string;
  let checkpoint: Checkpoint;
  try {
    parseSignedNote(note);
  } catch (error) {
    throw new CliExit(2, `checkpoint ${options.checkpoint} is not a signed note: ${(error as Error).message}`);
  }
  try {
    text = openSignedNote(note, [logKey]).text;
  } catch (error) {
    throw new CliExit(1, `FAILED bad signature: ${(error as Error).message} (key ${logKey.name})`);
  }
  try {
    checkpoint = parseCheckpoint(text);
  } catch (error) {
    throw new CliExit(1, `FAILED the signed note is not a checkpoint: ${(error as Error).message}`);
  }
  if (checkpoint.origin !== logKey.name) throw new CliExit(1, `FAILED the checkpoint is for origin ${checkpoint.origin}, the key is ${logKey.name}`);
  const signatures = parseSignedNote(note).signatures;
  const cosigned = witnessKeys.filter((k) => signatures.some((s) => verifyCosignature(text, s, k)));
  if (cosigned.length < quorum) {
    throw new CliExit(1, `FAILED ${cosigned.length} of the ${quorum} witness cosignatures needed (${witnessKeys.filter((k) => !cosigned.includes(k)).map((k) => k.name).join(', ')} missing or invalid)`);
  }
  const tiles = await verifyTiles(tileSource(options.tiles), checkpoint);
  if (!tiles.ok) throw new CliExit(1, `FAILED ${tiles.message}`);
  let exported = '';
  if (options.exportPath !== undefined) {
    const result = await verifyExportAgainstTiles(options.exportPath, checkpoint, tiles.leafHash);
    if (!result.ok) {
      if (result.problem === ExportProblem.NOT_JSON) throw new CliExit(2, `export ${options.exportPath}: ${result.message}`);
      throw new CliExit(1, `FAILED ${result.seq === null ? '' : `seq ${result.seq}: `}${result.message}`);
    }
    exported = `, and ${result.treeSize} entries of the export`;
  }
  process.stdout.write(`verified checkpoint ${checkpoint.origin} at size ${checkpoint.treeSize}, root ${tiles.rootHash}: ${tiles.tiles} tiles${exported}\n`);
  const witnessNote =
    witnessKeys.length === 0
      ? 'no --witness keys given: cosignatures were not checked'
      : `cosigned by ${cosigned.map((k) => k.name).join(', ') || 'no witness'} (quorum ${quorum} of ${witnessKeys.length})`;
  process.stderr.write(`note: signed by ${logKey.name}; ${witnessNote}\n`);
}

/** The export's entries must hash to the level-0 tile hashes, and the first treeSize to the checkpoint root. */
async function verifyExportAgainstTiles(
  exportPath: string,
  checkpoint: Checkpoint,
  leafHash: (index: number) => Uint8Array,
): Promise<ExportVerification> {
  const verifier = new ExportVerifier({ treeSize: checkpoint.treeSize, rootHash: toHex(checkpoint.rootHash) });
  const batches = exportPath === '-' ? readStreamLineBatches(process.stdin) : readLineBatches(exportPath);
  try {
    for await (const batch of batches) {
      for (const line of batch) {
        if (line.trim().length === 0) continue;
        const before = verifier.entries;
        if (verifier.addLine(line)) return verifier.finish();
        if (verifier.entries > before && before < checkpoint.treeSize) {
          const record = JSON.parse(line) as { leafHash: string };
          const tile = toHex(leafHash(before));
          if (record.leafHash.toLowerCase() !== tile) {
            return {
              ok: false,
              problem: ExportProblem.LEAF_HASH_MISMATCH,
              seq: before + 1,
              line: null,
              message: `the entry hashes to ${record.leafHash.toLowerCase()}, tile/0 holds ${tile} (entry or tile altered)`,
            };
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, `cannot read export ${exportPath}: ${describeFsError(error)}`);
  }
  return verifier.finish();
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
        checkpoint: { type: 'string' },
        'verifier-key': { type: 'string' },
        tiles: { type: 'string' },
        witness: { type: 'string', multiple: true },
        quorum: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
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
  if (values.version) {
    process.stdout.write(`${NAME} ${version()}\n`);
    return;
  }
  const stdinArgs = [values.head, values.proof, values['old-head'], values['public-key'], values.checkpoint, ...positionals].filter((v) => v === '-');
  if (stdinArgs.length > 1) usageError('only one argument can be - (standard input)');
  if (values.checkpoint !== undefined) {
    if (values.proof !== undefined || values.head !== undefined || values['old-head'] !== undefined) usageError('--checkpoint cannot be combined with --proof, --head or --old-head');
    if (positionals.length > 1) usageError('too many arguments');
    return verifyTilesCommand({
      checkpoint: values.checkpoint,
      verifierKey: values['verifier-key'],
      tiles: values.tiles,
      witnesses: values.witness ?? [],
      quorum: values.quorum,
      exportPath: positionals[0],
    });
  }
  for (const option of ['verifier-key', 'tiles', 'witness', 'quorum'] as const) {
    if (values[option] !== undefined) usageError(`--${option} needs --checkpoint CHECKPOINT`);
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
