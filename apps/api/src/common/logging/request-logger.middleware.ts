import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** A download link is `/api/deliveries/<id>.<signature>`: whoever reads the log must not be able to use it. */
const DELIVERY_SIGNATURE = /(\/api\/deliveries\/[^/?#.]*)\.[^/?#]*/g;
/** Secrets some clients put in query strings. */
const SECRET_QUERY = /([?&](?:token|access_token|signature|sig)=)[^&#]*/gi;

/** The URL as it may be logged: the signature of a download link and secret query values redacted. */
export function redactUrl(url: string): string {
  return url.replace(DELIVERY_SIGNATURE, '$1.[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

type LoggedRequest = IncomingMessage & { originalUrl?: string; body?: unknown; id?: unknown };

function urlOf(req: LoggedRequest): string {
  return redactUrl(req.originalUrl ?? req.url ?? '');
}

/** The GraphQL operation name of a request, when it sent a sane one. */
function operationOf(req: LoggedRequest): string | undefined {
  const body = req.body;
  if (typeof body !== 'object' || body === null || !('operationName' in body)) return undefined;
  const name = (body as { operationName?: unknown }).operationName;
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : undefined;
}

function line(req: LoggedRequest, res: ServerResponse, ms: number): string {
  const operation = operationOf(req);
  return `${req.method ?? '?'} ${urlOf(req)}${operation ? ` (${operation})` : ''} ${res.statusCode} ${Math.round(ms)}ms`;
}

/**
 * One log line per request, `GET /path 200 12ms`, with a request id: the caller's
 * `x-request-id` when it is sane, else a fresh UUID, echoed back in the response header.
 * No headers are logged (they carry tokens and cookies); URLs are redacted (`redactUrl`).
 */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    wrapSerializers: false,
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: urlOf(req),
        ...(operationOf(req) ? { operation: operationOf(req) } : {}),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: (req, res, ms) => line(req as LoggedRequest, res, ms),
    customErrorMessage: (req, res) => `${req.method ?? '?'} ${urlOf(req as LoggedRequest)} ${res.statusCode} failed`,
    autoLogging: { ignore: (req) => req.url === '/healthz' },
  });
}
