import { ErrorCode } from './error-code.js';

/**
 * Base of every exception a domain service throws on purpose. The global filter maps
 * `code` to GraphQL `extensions.code` (or an HTTP status); `message` is shown to the user
 * as it is, so write it for a person.
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number | boolean | null>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${what} ${id} was not found`);
  }
}

export class UnauthenticatedException extends DomainException {
  constructor(message = 'you must sign in first') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenException extends DomainException {
  constructor(message = 'you are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class BadInputException extends DomainException {
  constructor(message: string) {
    super(ErrorCode.BAD_USER_INPUT, message);
  }
}
