/**
 * `@eastlake/ledger/node`: Node-only helpers (node:crypto key generation and signing,
 * file streaming). Everything from the isomorphic `@eastlake/ledger` entry is re-exported.
 * @packageDocumentation
 */
import {
  verifyExportBatches,
  type ExportVerification,
  type VerifyExportOptions,
} from './export-verifier.js';
import { readLineBatches } from './node/ndjson-lines.js';
import type { SignedTreeHead } from './tree-head.js';

export * from './index.js';
export {
  generateSigningKey,
  publicKeyPemOf,
  signTreeHead,
  type SigningKey,
} from './node/tree-head-signer.js';
export { readLineBatches, readLines } from './node/ndjson-lines.js';

/**
 * Streams an NDJSON export file through the export verifier (see `verifyExport`).
 * @throws the file system error when the file cannot be read.
 */
export function verifyExportFile(
  path: string,
  head: SignedTreeHead,
  options: VerifyExportOptions = {},
): Promise<ExportVerification> {
  return verifyExportBatches(readLineBatches(path), head, options);
}
export { ed25519SeedFromPem, generateEd25519Seed, verifierKeyOfSeed } from './node/note-keys.js';
export {
  loadWitnessState,
  parseLogKeys,
  startWitnessServer,
  type RunningWitness,
  type WitnessServerOptions,
  type WitnessStateFile,
} from './node/witness-server.js';
