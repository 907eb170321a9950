/**
 * `@eastlake/ledger`: RFC 9162 Merkle audit ledger — canonical entries, leaf hashes,
 * incremental roots, inclusion and consistency proofs, signed tree head and export
 * verification. Isomorphic: runs in browsers (hashing with @noble/hashes, Ed25519 with
 * @noble/curves) and in Node (node:crypto SHA-256 when available). Key generation,
 * signing and file helpers live in `@eastlake/ledger/node`.
 * @packageDocumentation
 */
export { LedgerException, LedgerExceptionCode } from './ledger.exception.js';
export {
  HASH_SIZE,
  bytesEqual,
  bytesEqualLowerHex,
  fromBase64,
  fromHex,
  hashFromHex,
  isHashHex,
  toBase64,
  toHex,
  utf8Bytes,
} from './encoding.js';
export {
  emptyRoot,
  hashChildren,
  hashLeaf,
  hashLeafUtf8,
  sha256,
  sha256Implementation,
  useSha256Implementation,
  type Sha256Implementation,
} from './hasher.js';
export {
  assertCanonicalValue,
  canonicalJson,
  canonicalJsonReference,
  type CanonicalValue,
} from './canonical-json.js';
export {
  assertLedgerEntry,
  canonicalEntry,
  entryLeafHash,
  type LedgerActor,
  type LedgerEntry,
  type LedgerSubject,
} from './ledger-entry.js';
export {
  MerkleTree,
  consistencyProof,
  inclusionProof,
  merkleTreeHash,
  subtreeHash,
  type LeafHashSource,
  type LeafSource,
} from './merkle-tree.js';
export { MerkleFrontier, type FrontierState } from './merkle-frontier.js';
export {
  assertConsistency,
  assertInclusion,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './proof-verifier.js';
export {
  parseSignedTreeHead,
  publicKeyFingerprint,
  publicKeyFromSpkiPem,
  spkiPemFromPublicKey,
  treeHeadMessage,
  verifyTreeHeadSignature,
  type SignedTreeHead,
  type TreeHead,
} from './tree-head.js';
export {
  ExportProblem,
  ExportVerifier,
  verifyExport,
  verifyExportBatches,
  type ExportFailure,
  type ExportSuccess,
  type ExportVerification,
  type AuthenticatedRoot,
  type ExportVerifierOptions,
  type VerifyExportOptions,
} from './export-verifier.js';
export {
  isConsistencyProofDocument,
  parseConsistencyProofDocument,
  parseInclusionProofDocument,
  verifyConsistencyProofDocument,
  verifyInclusionProofDocument,
  type ConsistencyProofDocument,
  type ConsistencySuccess,
  type InclusionProofDocument,
  type ProofFailure,
  type ProofSuccess,
} from './proof-document.js';
export {
  NoteSignatureType,
  formatKeyId,
  formatSignatureLine,
  formatSignedNote,
  formatVerifierKey,
  isValidKeyName,
  noteKeyId,
  openSignedNote,
  parseSignatureLines,
  parseSignedNote,
  parseVerifierKey,
  sameVerifierKey,
  signNoteText,
  signatureMatchesKey,
  verifyNoteSignature,
  type NoteSignature,
  type NoteVerifierKey,
  type SignedNote,
} from './signed-note.js';
export { formatCheckpoint, parseCheckpoint, parseTreeSize, type Checkpoint } from './checkpoint.js';
export {
  cosignatureMessage,
  cosignatureTimestamp,
  signCosignature,
  verifyCosignature,
  type Cosignature,
} from './cosignature.js';
export {
  MemoryTileStore,
  TILE_HEIGHT,
  TILE_WIDTH,
  TileAppender,
  computeFromTiles,
  entryBundlePath,
  formatEntryBundle,
  formatTileIndex,
  parseEntryBundle,
  parseTilePath,
  recomputeTiles,
  tilePath,
  tileRoot,
  tileWidth,
  tilesEqual,
  tilesForTreeSize,
  type TileCoordinate,
  type TilePath,
  type TileReader,
  type TileStrip,
} from './tiles.js';
export {
  consistencyProofFromTiles,
  inclusionProofFromTiles,
  leafHashFromTiles,
  treeHashFromTiles,
} from './tile-proofs.js';
export {
  MAX_PROOF_LINES,
  TLOG_SIZE_CONTENT_TYPE,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  postCheckpointToWitness,
  type AddCheckpointRequest,
  type AddCheckpointResult,
} from './witness-protocol.js';
export { Witness, type WitnessEvidence, type WitnessOptions, type WitnessResponse, type WitnessedLog } from './witness.js';
export { verifyTiles, type TilePathSource, type TileVerification } from './tile-verifier.js';
