import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum AuthExceptionCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  ORGANIZATION_NAME_TAKEN = 'ORGANIZATION_NAME_TAKEN',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
}

const TO_ERROR_CODE: Record<AuthExceptionCode, ErrorCode> = {
  [AuthExceptionCode.INVALID_CREDENTIALS]: ErrorCode.UNAUTHENTICATED,
  [AuthExceptionCode.EMAIL_TAKEN]: ErrorCode.CONFLICT,
  [AuthExceptionCode.ORGANIZATION_NAME_TAKEN]: ErrorCode.CONFLICT,
  [AuthExceptionCode.TOO_MANY_ATTEMPTS]: ErrorCode.TOO_MANY_REQUESTS,
  [AuthExceptionCode.ACCOUNT_DISABLED]: ErrorCode.FORBIDDEN,
};

/** Sign-in and registration failures, each with a reason code a client can branch on. */
export class AuthException extends ReasonedException<AuthExceptionCode> {
  constructor(reason: AuthExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
