import { DomainException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum LedgerExceptionCode {
  OUTSIDE_TRANSACTION = 'OUTSIDE_TRANSACTION',
  BAD_RANGE = 'BAD_RANGE',
}

/** Ledger misuse: a bad proof range from a client, or an append outside a transaction (a bug). */
export class LedgerException extends DomainException {
  constructor(
    readonly reason: LedgerExceptionCode,
    message: string,
  ) {
    super(reason === LedgerExceptionCode.BAD_RANGE ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR, message, {
      reason,
    });
  }
}
