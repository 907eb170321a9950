import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RenderOptions } from 'altair-static';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where the explorer's own files are served. */
export const EXPLORER_BASE = '/graphql-explorer/';

/** Everything comes from this server: the app's files, its start-up options, and /graphql. */
const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

function wantsHtml(req: Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * In development, `/graphql` opened in a browser is a GraphQL explorer (Altair, from the
 * `altair-static` npm package: every file served from here, no CDN), pointed at this
 * server's `/graphql`; paste `Bearer <token>` from `login` into its headers. Programs
 * (POST, GET with `?query=` or a JSON Accept) still reach Apollo. Never mounted in
 * production. Call before `app.init()`. `altair-static` (~130 ms to load) is loaded on the
 * first explorer request, not at start.
 */
export function serveGraphqlExplorer(app: NestExpressApplication): void {
  const options: RenderOptions = {
    baseURL: EXPLORER_BASE,
    endpointURL: '/graphql',
    initialName: 'EastLake',
    initialQuery: '# Sign in first (login), then add the header  Authorization: Bearer <token>\nquery Me {\n  me { id email role organization { id name kind verified } }\n}\n',
    // The start-up options go in a script file of their own so the page needs no inline script.
    serveInitialOptionsInSeperateRequest: 'init.js',
    disableAccount: true,
  };
  const send = (res: Response, type: string, body: string) => {
    res.setHeader('content-type', type);
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.send(body);
  };
  let altair: Promise<{ page: string; init: string; files: express.Handler }> | undefined;
  const loaded = () =>
    (altair ??= import('altair-static').then((a) => ({
      page: a.renderAltair(options),
      init: a.renderInitSnippet(options),
      files: express.static(a.getDistDirectory(), { index: false, redirect: false, maxAge: '1h' }),
    })));
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== '/' || !wantsHtml(req)) {
      next();
      return;
    }
    loaded().then((a) => send(res, 'text/html; charset=utf-8', a.page), next);
  });
  app.use(EXPLORER_BASE, (req: Request, res: Response, next: NextFunction) => {
    loaded().then((a) => {
      if (req.path === '/init.js') send(res, 'text/javascript; charset=utf-8', a.init);
      else {
        res.setHeader('content-security-policy', EXPLORER_CSP);
        a.files(req, res, next);
      }
    }, next);
  });
}
