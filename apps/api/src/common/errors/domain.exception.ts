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

/**
 * A domain's own exception: a `reason` from the domain's enum (what a client may branch on,
 * sent as `extensions.reason`) mapped once to the public error code.
 */
export abstract class ReasonedException<R extends string> extends DomainException {
  constructor(
    readonly reason: R,
    codes: Readonly<Record<R, ErrorCode>>,
    message: string,
    details: Record<string, string | number> = {},
  ) {
    super(codes[reason], message, { reason, ...details });
  }
}

export class NotFoundException extends DomainException {
  constructor(what: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { what, id });
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

/** A REST body of a kind the endpoint does not take (HTTP 415); the message says what it does take. */
export class UnsupportedMediaTypeException extends DomainException {
  constructor(message: string) {
    super(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
  }
}
