import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum EnforcementExceptionCode {
  /** A regulator's freeze stops this delivery, request or publication. */
  FROZEN = 'FROZEN',
  ALREADY_FROZEN = 'ALREADY_FROZEN',
  NOT_ACTIVE = 'NOT_ACTIVE',
  WRONG_KIND = 'WRONG_KIND',
  /** Core data (GB/T 43697-2024) is never traded. */
  CORE_DATA = 'CORE_DATA',
  /** Important data is traded only with a regulator's authorisation. */
  IMPORTANT_NOT_AUTHORISED = 'IMPORTANT_NOT_AUTHORISED',
  NOT_IMPORTANT = 'NOT_IMPORTANT',
  /** The delivery would take the buyer past a tier of the 2017 SPC/SPP interpretation Art. 5. */
  TIER_WOULD_BE_CROSSED = 'TIER_WOULD_BE_CROSSED',
}

const TO_ERROR_CODE: Record<EnforcementExceptionCode, ErrorCode> = {
  [EnforcementExceptionCode.FROZEN]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.ALREADY_FROZEN]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.NOT_ACTIVE]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.WRONG_KIND]: ErrorCode.BAD_USER_INPUT,
  [EnforcementExceptionCode.CORE_DATA]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.IMPORTANT_NOT_AUTHORISED]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.NOT_IMPORTANT]: ErrorCode.CONFLICT,
  [EnforcementExceptionCode.TIER_WOULD_BE_CROSSED]: ErrorCode.CONFLICT,
};

export class EnforcementException extends ReasonedException<EnforcementExceptionCode> {
  constructor(reason: EnforcementExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
