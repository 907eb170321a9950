import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum OrganizationExceptionCode {
  ORGANIZATION_NAME_TAKEN = 'ORGANIZATION_NAME_TAKEN',
}

const TO_ERROR_CODE: Record<OrganizationExceptionCode, ErrorCode> = {
  [OrganizationExceptionCode.ORGANIZATION_NAME_TAKEN]: ErrorCode.CONFLICT,
};

/** Organization failures a client can branch on (same reason codes as at registration). */
export class OrganizationException extends ReasonedException<OrganizationExceptionCode> {
  constructor(reason: OrganizationExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
