import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum UserExceptionCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
}

const TO_ERROR_CODE: Record<UserExceptionCode, ErrorCode> = {
  [UserExceptionCode.EMAIL_TAKEN]: ErrorCode.CONFLICT,
};

/** Account failures a client can branch on (same reason codes as at registration). */
export class UserException extends ReasonedException<UserExceptionCode> {
  constructor(reason: UserExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
