import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet with its defaults (a same-origin Content-Security-Policy with
 * `frame-ancestors 'self'`, `X-Content-Type-Options: nosniff`, `X-Frame-Options: SAMEORIGIN`,
 * `Referrer-Policy: no-referrer`, `Strict-Transport-Security`, …) on every response.
 */
export function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      // Plain-HTTP deployments on a LAN address would otherwise have every asset upgraded to https.
      directives: { upgradeInsecureRequests: null },
    },
  });
}

/**
 * The headers `securityHeaders()` sets, as name/value pairs, for the answers written
 * straight to a socket (a request Node could not parse never reaches Express).
 */
export function securityHeaderLines(): string[] {
  const headers = new Map<string, string>();
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
      return res;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
    getHeader(name: string) {
      return headers.get(name.toLowerCase());
    },
  };
  securityHeaders()({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return [...headers].map(([name, value]) => `${name}: ${value}`);
}
