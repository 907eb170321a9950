import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum LedgerExceptionCode {
  OUTSIDE_TRANSACTION = 'OUTSIDE_TRANSACTION',
  BAD_RANGE = 'BAD_RANGE',
  /** An entry too large for a C2SP entry bundle (65,535 bytes). */
  ENTRY_TOO_LARGE = 'ENTRY_TOO_LARGE',
  /** The stored tiles are missing or short: the ledger tables were damaged. */
  TILES_DAMAGED = 'TILES_DAMAGED',
  /** No checkpoint has reached the witness quorum yet. */
  NO_CHECKPOINT = 'NO_CHECKPOINT',
}

const CODES: Record<LedgerExceptionCode, ErrorCode> = {
  [LedgerExceptionCode.OUTSIDE_TRANSACTION]: ErrorCode.INTERNAL_SERVER_ERROR,
  [LedgerExceptionCode.BAD_RANGE]: ErrorCode.BAD_USER_INPUT,
  [LedgerExceptionCode.ENTRY_TOO_LARGE]: ErrorCode.BAD_USER_INPUT,
  [LedgerExceptionCode.TILES_DAMAGED]: ErrorCode.INTERNAL_SERVER_ERROR,
  [LedgerExceptionCode.NO_CHECKPOINT]: ErrorCode.NOT_FOUND,
};

/**
 * Ledger errors: a bad proof range or an oversized entry (the caller's), an append outside
 * a transaction (a bug), damaged tile storage, or no checkpoint with the witness quorum yet.
 */
export class LedgerException extends ReasonedException<LedgerExceptionCode> {
  constructor(reason: LedgerExceptionCode, message: string) {
    super(reason, CODES, message);
  }
}
