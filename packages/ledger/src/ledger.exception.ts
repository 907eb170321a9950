/** Codes carried by every {@link LedgerException}; stable, safe to switch on. */
export enum LedgerExceptionCode {
  /** A value cannot be written as RFC 8785 canonical JSON for a ledger entry (float, NaN, undefined, …). */
  NON_CANONICAL_VALUE = 'NON_CANONICAL_VALUE',
  /** An entry does not have the contract shape `{seq, at, actor, action, subject, data}`. */
  INVALID_ENTRY = 'INVALID_ENTRY',
  /** A hash is not 32 bytes / 64 hex characters. */
  INVALID_HASH = 'INVALID_HASH',
  /** Tree sizes or indices are out of range, or a proof has the wrong shape. */
  INVALID_PROOF = 'INVALID_PROOF',
  /** A tree head is missing fields or has fields of the wrong type. */
  INVALID_TREE_HEAD = 'INVALID_TREE_HEAD',
  /** A public key is not an Ed25519 SPKI PEM, or a signature is not 64 bytes of base64. */
  INVALID_KEY = 'INVALID_KEY',
  /** A serialised compact range (frontier) is inconsistent. */
  INVALID_FRONTIER = 'INVALID_FRONTIER',
  /** A signed note, note signature or verifier key is malformed, or no trusted signature verifies. */
  INVALID_NOTE = 'INVALID_NOTE',
  /** A checkpoint body breaks the C2SP tlog-checkpoint format. */
  INVALID_CHECKPOINT = 'INVALID_CHECKPOINT',
  /** A tile path, tile or entry bundle breaks the C2SP tlog-tiles format, or a tile is missing. */
  INVALID_TILE = 'INVALID_TILE',
}

/** The one error type thrown by `@eastlake/ledger`; `message` is meant for people. */
export class LedgerException extends Error {
  constructor(
    readonly code: LedgerExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerException';
  }
}
