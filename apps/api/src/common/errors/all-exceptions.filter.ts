import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, HTTP_STATUS } from './error-code.js';
import { mapError, type MappedError } from './error-mapping.js';

/** HttpExceptions come from Nest itself (unknown routes, body parsing). */
function mapHttp(error: HttpException): MappedError {
  const status = error.getStatus();
  const code =
    (Object.entries(HTTP_STATUS).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ??
    (status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT);
  return { code, message: error.message, unexpected: status >= 500 };
}

/**
 * The single global filter: domain exceptions, CASL's ForbiddenError and unexpected
 * errors become GraphQL errors with `extensions.code`, or JSON `{code, message}` on REST.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    const mapped = exception instanceof HttpException ? mapHttp(exception) : mapError(exception);
    if (mapped.unexpected) this.logger.error({ err: exception }, 'unexpected error');

    // `params`: the figures and names of the message (every detail but `reason`), so a
    // client can say the same in its own language; the details stay top-level as before.
    const { reason: _reason, ...params } = mapped.details ?? {};
    const extra = { ...(mapped.details ?? {}), ...(Object.keys(params).length > 0 ? { params } : {}) };
    if (host.getType<GqlContextType>() === 'graphql') {
      return new GraphQLError(mapped.message, {
        extensions: { code: mapped.code, ...extra },
      });
    }
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(HTTP_STATUS[mapped.code]).json({ code: mapped.code, message: mapped.message, ...extra });
  }
}
