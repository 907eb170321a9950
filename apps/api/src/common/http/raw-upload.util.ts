import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import type { Request } from 'express';
import { BadInputException, UnsupportedMediaTypeException } from '../errors/domain.exception.js';

/** Media types an upload endpoint takes as the raw file (a missing content type is accepted too). */
export const RAW_UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/json',
  'application/x-ndjson',
] as const;

/** How the examples in error messages name the file, per endpoint. */
export interface UploadExample {
  /** e.g. `customers.csv` */
  file: string;
  /** e.g. `text/csv` */
  contentType: string;
}

function mediaTypeOf(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  if (header === undefined || header.trim() === '') return undefined;
  return header.split(';')[0]!.trim().toLowerCase();
}

function curlFor(req: Request, example: UploadExample): string {
  const url = `${req.protocol}://${req.get('host') ?? 'localhost:4000'}${req.originalUrl}`;
  return `curl -X PUT --data-binary @${example.file} -H 'content-type: ${example.contentType}' -H "authorization: Bearer $TOKEN" ${url}`;
}

/**
 * The upload endpoints take the file itself as the request body. A form upload
 * (`curl -F`, an HTML form) would otherwise be stored with its boundary lines as rows,
 * and `curl -d` strips newlines: both are refused with 415 and the command that works.
 * @throws UnsupportedMediaTypeException for any content type but RAW_UPLOAD_TYPES.
 */
export function assertRawUpload(req: Request, example: UploadExample): void {
  const type = mediaTypeOf(req);
  if (type === undefined || (RAW_UPLOAD_TYPES as readonly string[]).includes(type)) return;
  const command = curlFor(req, example);
  if (type === 'multipart/form-data') {
    throw new UnsupportedMediaTypeException(
      `multipart/form-data is not accepted: send the file itself as the request body, e.g. ${command}`,
    );
  }
  if (type === 'application/x-www-form-urlencoded') {
    throw new UnsupportedMediaTypeException(
      `application/x-www-form-urlencoded is not accepted: curl sends it for -d and --data-binary unless a ` +
        `content type is given (and -d strips the file's newlines); use --data-binary with a content type, e.g. ${command}`,
    );
  }
  throw new UnsupportedMediaTypeException(
    `content type ${type} is not accepted: send the raw file as ${RAW_UPLOAD_TYPES.join(', ')} or without a content type, e.g. ${command}`,
  );
}

/**
 * The file name a client sent in `x-file-name` (or `x-filename`), percent-encoded UTF-8 as
 * `encodeURIComponent` writes it.
 * @throws BadInputException when it is not valid percent-encoding.
 */
export function fileNameOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-file-name'] ?? req.headers['x-filename'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BadInputException(
      'x-file-name must be percent-encoded UTF-8 (as encodeURIComponent writes it), e.g. x-file-name: %E5%AE%A2%E6%88%B7.csv',
    );
  }
}

/** The declared Content-Length, when it is a plain number. */
export function contentLengthOf(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
}

/**
 * The request body as a stream that cannot hang: when no byte arrives for `idleMs` (a
 * client that declared more bytes than it sends and keeps the connection open), or the
 * client goes away, the stream fails with a BadInputException saying how far it got, so
 * the storage write is abandoned (nothing half-written is kept) and the caller answers 400.
 * The connection is closed after that answer: the rest of the body will not be read.
 */
export function guardedBody(req: Request, idleMs: number): Readable {
  const declared = contentLengthOf(req);
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  const progress = () => `after ${received}${declared !== undefined ? ` of the ${declared} bytes its Content-Length declared` : ' bytes'}`;

  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      arm();
      done(null, chunk);
    },
    flush(done) {
      disarm();
      done();
    },
  });
  const fail = (message: string) => {
    disarm();
    if (body.destroyed) return;
    req.unpipe(body);
    if (!req.res?.headersSent) req.res?.setHeader('connection', 'close');
    body.destroy(new BadInputException(message));
  };
  const arm = () => {
    disarm();
    timer = setTimeout(
      () => fail(`the upload stalled: no data for ${idleMs} ms ${progress()}; nothing was stored`),
      idleMs,
    );
    timer.unref();
  };
  const disarm = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  // The consumer (a storage write) sees the error; when there is none yet (the service refused
  // before reading), an unhandled 'error' must not take the process down.
  body.on('error', () => undefined);
  // The idle clock starts when the consumer starts reading, not while the caller checks rights.
  body.once('resume', arm);
  body.once('close', disarm);
  req.once('error', () => fail(`the upload was interrupted ${progress()}; nothing was stored`));
  req.once('close', () => {
    if (!req.complete) fail(`the client closed the connection ${progress()}; nothing was stored`);
  });
  req.pipe(body);
  return body;
}
