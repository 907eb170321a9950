import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fromBase64, toBase64 } from '../encoding.js';
import { LedgerException, LedgerExceptionCode } from '../ledger.exception.js';
import { NoteSignatureType, isValidKeyName, parseVerifierKey, type NoteVerifierKey } from '../signed-note.js';
import { Witness, type WitnessEvidence, type WitnessedLog } from '../witness.js';
import { generateEd25519Seed, verifierKeyOfSeed } from './note-keys.js';

/** The witness's state file: its key, the latest cosigned checkpoint per log, recent evidence. */
export interface WitnessStateFile {
  version: 1;
  name: string;
  /** Base64 Ed25519 seed: keep the file private (written 0600). */
  secretKey: string;
  logs: Record<string, WitnessedLog>;
  evidence: WitnessEvidence[];
}

const MAX_EVIDENCE = 100;
const MAX_BODY = 64 * 1024;

function stateError(message: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_KEY, message);
}

async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/**
 * Loads the state file, creating it (with a fresh key) when it does not exist.
 * @throws LedgerException when the file is unreadable or belongs to another witness name.
 */
export async function loadWitnessState(path: string, name: string | undefined): Promise<WitnessStateFile> {
  let raw: string | undefined;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') stateError(`cannot read the state file ${path}: ${(error as Error).message}`);
  }
  if (raw === undefined) {
    if (!name) stateError(`the state file ${path} does not exist yet: pass --name to create it`);
    if (!isValidKeyName(name)) stateError(`--name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
    const state: WitnessStateFile = { version: 1, name, secretKey: toBase64(generateEd25519Seed()), logs: {}, evidence: [] };
    await writeAtomically(path, `${JSON.stringify(state, null, 2)}\n`);
    return state;
  }
  let state: WitnessStateFile;
  try {
    state = JSON.parse(raw) as WitnessStateFile;
  } catch {
    stateError(`the state file ${path} is not JSON`);
  }
  if (state.version !== 1 || typeof state.name !== 'string' || typeof state.secretKey !== 'string' || typeof state.logs !== 'object') {
    stateError(`the state file ${path} is not an eastlake-witness state file`);
  }
  if (name && name !== state.name) stateError(`the state file ${path} belongs to witness ${state.name}, not ${name}`);
  if (fromBase64(state.secretKey).length !== 32) stateError(`the key in ${path} is not an Ed25519 seed`);
  state.evidence ??= [];
  return state;
}

export interface WitnessServerOptions {
  statePath: string;
  /** Needed only to create the state file. */
  name?: string;
  /** Ed25519 verifier keys of the logs to witness (the origin is the key name). */
  logs: readonly string[];
  host?: string;
  port?: number;
  now?: () => number;
}

export interface RunningWitness {
  server: Server;
  url: string;
  name: string;
  /** The witness's cosignature verifier key (type 0x04). */
  verifierKey: string;
  witness: Witness;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses the `--log` verifier keys: Ed25519 (0x01) keys only. */
export function parseLogKeys(vkeys: readonly string[]): NoteVerifierKey[] {
  return vkeys.map((vkey) => {
    const key = parseVerifierKey(vkey);
    if (key.type !== NoteSignatureType.ED25519) stateError(`the log key ${key.name} is not an Ed25519 (0x01) note key`);
    return key;
  });
}

/**
 * Starts an `eastlake-witness`: a small node:http server speaking C2SP tlog-witness
 * (`POST /add-checkpoint`), plus `GET /verifier-key` and `GET /status` for operators.
 */
export async function startWitnessServer(options: WitnessServerOptions): Promise<RunningWitness> {
  const logKeys = parseLogKeys(options.logs);
  const state = await loadWitnessState(options.statePath, options.name);
  const seed = fromBase64(state.secretKey);
  const verifierKey = verifierKeyOfSeed(state.name, seed, NoteSignatureType.COSIGNATURE_V1);
  let current = state;
  const witness = new Witness({
    name: state.name,
    secretSeed: seed,
    logKeys,
    logs: state.logs,
    now: options.now,
    persist: async (logs, evidence) => {
      const next: WitnessStateFile = {
        ...current,
        logs,
        evidence: evidence ? [...current.evidence, evidence].slice(-MAX_EVIDENCE) : current.evidence,
      };
      await writeAtomically(options.statePath, `${JSON.stringify(next, null, 2)}\n`);
      current = next;
    },
  });
  const server = createServer((req, res) => {
    const send = (status: number, body: string, contentType = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/add-checkpoint') {
      if (req.method !== 'POST') return send(405, 'use POST\n');
      readBody(req).then(
        async (body) => {
          if (body === undefined) return send(413, `the request is larger than ${MAX_BODY} bytes\n`);
          const answer = await witness.addCheckpoint(body);
          send(answer.status, answer.body, answer.contentType);
        },
        () => send(400, 'unreadable request\n'),
      );
      return;
    }
    if (req.method !== 'GET') return send(405, 'use GET\n');
    if (path === '/verifier-key') return send(200, `${verifierKey}\n`);
    if (path === '/status') {
      const logs = Object.fromEntries(Object.entries(witness.state()).map(([origin, l]) => [origin, { size: l.size, rootHash: l.rootHash, cosignedAt: l.cosignedAt }]));
      return send(200, `${JSON.stringify({ name: state.name, verifierKey, logs: logKeys.map((k) => k.name), witnessed: logs, evidence: current.evidence.length })}\n`, 'application/json');
    }
    send(404, 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7380, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    name: state.name,
    verifierKey,
    witness,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
