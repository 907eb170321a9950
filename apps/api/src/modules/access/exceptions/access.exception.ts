import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum AccessExceptionCode {
  NOT_PENDING = 'NOT_PENDING',
  GRANT_NOT_ACTIVE = 'GRANT_NOT_ACTIVE',
  POLICY_REFUSED = 'POLICY_REFUSED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  TOKEN_GONE = 'TOKEN_GONE',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_NOT_YOURS = 'TOKEN_NOT_YOURS',
  QUERY_ONLY_GRANT = 'QUERY_ONLY_GRANT',
}

const TO_ERROR_CODE: Record<AccessExceptionCode, ErrorCode> = {
  [AccessExceptionCode.NOT_PENDING]: ErrorCode.CONFLICT,
  [AccessExceptionCode.GRANT_NOT_ACTIVE]: ErrorCode.CONFLICT,
  [AccessExceptionCode.POLICY_REFUSED]: ErrorCode.CONFLICT,
  [AccessExceptionCode.IDEMPOTENCY_KEY_REUSED]: ErrorCode.CONFLICT,
  [AccessExceptionCode.TOKEN_GONE]: ErrorCode.GONE,
  [AccessExceptionCode.TOKEN_INVALID]: ErrorCode.NOT_FOUND,
  [AccessExceptionCode.TOKEN_NOT_YOURS]: ErrorCode.FORBIDDEN,
  [AccessExceptionCode.QUERY_ONLY_GRANT]: ErrorCode.CONFLICT,
};

export class AccessException extends ReasonedException<AccessExceptionCode> {
  constructor(reason: AccessExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
