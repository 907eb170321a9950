import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum DatasetExceptionCode {
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  NO_FILE = 'NO_FILE',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  UPLOAD_INCOMPLETE = 'UPLOAD_INCOMPLETE',
  EMPTY_FILE = 'EMPTY_FILE',
  MISSING_RIGHT = 'MISSING_RIGHT',
  NO_ONWARD_TRANSFER = 'NO_ONWARD_TRANSFER',
}

const TO_ERROR_CODE: Record<DatasetExceptionCode, ErrorCode> = {
  [DatasetExceptionCode.ILLEGAL_TRANSITION]: ErrorCode.CONFLICT,
  [DatasetExceptionCode.NO_FILE]: ErrorCode.CONFLICT,
  [DatasetExceptionCode.FILE_TOO_LARGE]: ErrorCode.PAYLOAD_TOO_LARGE,
  [DatasetExceptionCode.UPLOAD_INCOMPLETE]: ErrorCode.BAD_USER_INPUT,
  [DatasetExceptionCode.EMPTY_FILE]: ErrorCode.BAD_USER_INPUT,
  [DatasetExceptionCode.MISSING_RIGHT]: ErrorCode.CONFLICT,
  [DatasetExceptionCode.NO_ONWARD_TRANSFER]: ErrorCode.CONFLICT,
};

export class DatasetException extends ReasonedException<DatasetExceptionCode> {
  constructor(reason: DatasetExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
