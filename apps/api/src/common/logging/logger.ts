import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** What no log line may carry, wherever it appears in a logged object. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
  'token',
  '*.token',
];

export interface LoggerOptions {
  /** Human-readable lines (pino-pretty) instead of JSON; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go (tests capture them); defaults to stdout. */
  destination?: DestinationStream;
  /** The `service` field of every line. */
  service?: string;
}

/**
 * One logger per process: JSON lines on stdout for machines (log shippers, `jq`), or one
 * coloured line per event when a person watches a terminal.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const destination =
    options.destination ??
    (pretty
      ? // Synchronous, in this thread: a transport's worker could lose the last lines at exit.
        PinoPretty({
          colorize: true,
          sync: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service,reqId,req,res,responseTime,context',
          singleLine: true,
        })
      : undefined);
  const settings = {
    level,
    base: { service: options.service ?? 'eastlake-api' },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** Lets Nest's own messages (bootstrap, routes) go through pino too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/** Nest injection token for the pino logger. */
export const LOGGER = Symbol('LOGGER');
