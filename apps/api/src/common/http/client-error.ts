import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { securityHeaderLines } from './security-headers.js';

const STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

function messageOf(code: string | undefined): string {
  switch (code) {
    case 'HPE_INVALID_EOF_STATE':
      return 'the request ended before its body was complete: the client sent fewer bytes than its Content-Length declared; nothing was stored';
    case 'HPE_HEADER_OVERFLOW':
      return 'the request headers are too large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'the request took too long to arrive';
    default:
      return `the request is not valid HTTP (${code ?? 'parse error'})`;
  }
}

/**
 * Node answers a request it cannot parse (a body cut short by the client, bad framing) with
 * a bare `400` and no reason. This answers in the API's own shape, `{code, message}`, so a
 * client sees why, with the security headers of every other answer, and logs one line; the
 * socket is closed as Node would.
 */
export function answerBrokenRequests(server: Server, logger: Logger): void {
  // These answers bypass Express (and helmet): they carry the same security headers.
  const security = securityHeaderLines().map((line) => `${line}\r\n`).join('');
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const [status, reason] = STATUS[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = JSON.stringify({ code: status === 400 ? 'BAD_USER_INPUT' : reason.toUpperCase().replace(/ /g, '_'), message: messageOf(error.code) });
    logger.warn({ code: error.code, status }, `broken request: ${messageOf(error.code)}`);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n${security}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
