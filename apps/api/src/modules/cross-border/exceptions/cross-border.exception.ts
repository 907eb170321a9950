import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum CrossBorderExceptionCode {
  EMPTY_DOCUMENT = 'EMPTY_DOCUMENT',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  NOT_PENDING = 'NOT_PENDING',
}

const TO_ERROR_CODE: Record<CrossBorderExceptionCode, ErrorCode> = {
  [CrossBorderExceptionCode.EMPTY_DOCUMENT]: ErrorCode.BAD_USER_INPUT,
  [CrossBorderExceptionCode.DOCUMENT_TOO_LARGE]: ErrorCode.BAD_USER_INPUT,
  [CrossBorderExceptionCode.NOT_PENDING]: ErrorCode.CONFLICT,
};

export class CrossBorderException extends ReasonedException<CrossBorderExceptionCode> {
  constructor(reason: CrossBorderExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
