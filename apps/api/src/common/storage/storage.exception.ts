import { ReasonedException } from '../errors/domain.exception.js';
import { ErrorCode } from '../errors/error-code.js';

export enum StorageExceptionCode {
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
}

const TO_ERROR_CODE: Record<StorageExceptionCode, ErrorCode> = {
  [StorageExceptionCode.FILE_TOO_LARGE]: ErrorCode.PAYLOAD_TOO_LARGE,
};

/** A file the store refused (the same reason and code a dataset upload reports for its own size check). */
export class StorageException extends ReasonedException<StorageExceptionCode> {
  constructor(reason: StorageExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
