import { ForbiddenError } from '@eastlake/policy';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { DomainException } from './domain.exception.js';
import { ErrorCode } from './error-code.js';

export interface MappedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, string | number | boolean | null>;
  /** True when the error was not expected: log it with its stack, show a generic message. */
  unexpected: boolean;
}

const PG_UNIQUE_VIOLATION = '23505';

/** The one place where thrown things become codes a client sees. */
export function mapError(error: unknown): MappedError {
  if (error instanceof DomainException) {
    return { code: error.code, message: error.message, details: error.details, unexpected: false };
  }
  if (error instanceof ForbiddenError) {
    return {
      code: ErrorCode.FORBIDDEN,
      message: `you are not allowed to ${String(error.action)} this ${String(error.subjectType).toLowerCase()}`,
      unexpected: false,
    };
  }
  if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === PG_UNIQUE_VIOLATION) {
    return { code: ErrorCode.CONFLICT, message: 'this already exists', unexpected: false };
  }
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string') {
    const code = error.extensions.code as string;
    if ((Object.values(ErrorCode) as string[]).includes(code)) {
      return { code: code as ErrorCode, message: error.message, unexpected: false };
    }
  }
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'internal server error', unexpected: true };
}
