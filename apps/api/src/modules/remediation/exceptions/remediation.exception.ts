import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum RemediationExceptionCode {
  INVALID_TRANSFORM = 'INVALID_TRANSFORM',
  UNKNOWN_COLUMN = 'UNKNOWN_COLUMN',
  NOT_CLASSIFIED = 'NOT_CLASSIFIED',
  UNREADABLE_VERSION = 'UNREADABLE_VERSION',
  NO_CONSENT_MANIFEST = 'NO_CONSENT_MANIFEST',
  NOTHING_LEFT = 'NOTHING_LEFT',
  VERSION_CHANGED = 'VERSION_CHANGED',
}

const TO_ERROR_CODE: Record<RemediationExceptionCode, ErrorCode> = {
  [RemediationExceptionCode.INVALID_TRANSFORM]: ErrorCode.BAD_USER_INPUT,
  [RemediationExceptionCode.UNKNOWN_COLUMN]: ErrorCode.BAD_USER_INPUT,
  [RemediationExceptionCode.NOT_CLASSIFIED]: ErrorCode.CONFLICT,
  [RemediationExceptionCode.UNREADABLE_VERSION]: ErrorCode.CONFLICT,
  [RemediationExceptionCode.NO_CONSENT_MANIFEST]: ErrorCode.CONFLICT,
  [RemediationExceptionCode.NOTHING_LEFT]: ErrorCode.CONFLICT,
  [RemediationExceptionCode.VERSION_CHANGED]: ErrorCode.CONFLICT,
};

/** Why a remediation was refused; `reason` is sent as `extensions.reason`. */
export class RemediationException extends ReasonedException<RemediationExceptionCode> {
  constructor(reason: RemediationExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
