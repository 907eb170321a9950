import { ReasonedException } from '../../../common/errors/domain.exception.js';
import { ErrorCode } from '../../../common/errors/error-code.js';

export enum QueryExceptionCode {
  INVALID_QUERY = 'INVALID_QUERY',
  COLUMN_NOT_FOUND = 'COLUMN_NOT_FOUND',
  COLUMN_PROTECTED = 'COLUMN_PROTECTED',
  GENERALISATION_REQUIRED = 'GENERALISATION_REQUIRED',
  GENERALISATION_INVALID = 'GENERALISATION_INVALID',
  DP_UNSUPPORTED = 'DP_UNSUPPORTED',
  TOO_MANY_GROUPS = 'TOO_MANY_GROUPS',
  QUERY_TOO_EXPENSIVE = 'QUERY_TOO_EXPENSIVE',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  NOT_A_QUERY_GRANT = 'NOT_A_QUERY_GRANT',
  GRANT_NOT_ACTIVE = 'GRANT_NOT_ACTIVE',
  POLICY_REFUSED = 'POLICY_REFUSED',
  DATA_CHANGED = 'DATA_CHANGED',
  UNSUPPORTED_FILE = 'UNSUPPORTED_FILE',
  QUERY_NOT_OFFERABLE = 'QUERY_NOT_OFFERABLE',
  OFFER_NOT_PENDING = 'OFFER_NOT_PENDING',
}

const TO_ERROR_CODE: Record<QueryExceptionCode, ErrorCode> = {
  [QueryExceptionCode.INVALID_QUERY]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.COLUMN_NOT_FOUND]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.COLUMN_PROTECTED]: ErrorCode.FORBIDDEN,
  [QueryExceptionCode.GENERALISATION_REQUIRED]: ErrorCode.FORBIDDEN,
  [QueryExceptionCode.GENERALISATION_INVALID]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.DP_UNSUPPORTED]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.TOO_MANY_GROUPS]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.QUERY_TOO_EXPENSIVE]: ErrorCode.BAD_USER_INPUT,
  [QueryExceptionCode.BUDGET_EXHAUSTED]: ErrorCode.CONFLICT,
  [QueryExceptionCode.NOT_A_QUERY_GRANT]: ErrorCode.CONFLICT,
  [QueryExceptionCode.GRANT_NOT_ACTIVE]: ErrorCode.CONFLICT,
  [QueryExceptionCode.POLICY_REFUSED]: ErrorCode.CONFLICT,
  [QueryExceptionCode.DATA_CHANGED]: ErrorCode.CONFLICT,
  [QueryExceptionCode.UNSUPPORTED_FILE]: ErrorCode.CONFLICT,
  [QueryExceptionCode.QUERY_NOT_OFFERABLE]: ErrorCode.CONFLICT,
  [QueryExceptionCode.OFFER_NOT_PENDING]: ErrorCode.CONFLICT,
};

export class QueryException extends ReasonedException<QueryExceptionCode> {
  constructor(reason: QueryExceptionCode, message: string, details: Record<string, string | number> = {}) {
    super(reason, TO_ERROR_CODE, message, details);
  }
}
