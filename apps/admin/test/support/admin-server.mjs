// Serves the built admin app at /admin (SPA fallback to index.html) and forwards every
// other request (/graphql, /api/…, /healthz) to the API, so the app and the API share one
// origin exactly as when the API serves the app itself (serveAdmin).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export async function startAdminServer({ dist, apiUrl }) {
  const root = resolve(dist);
  const index = join(root, 'index.html');
  if (!existsSync(index))
    throw new Error(`${index} is missing: build the admin app first (npm run build -w apps/admin)`);
  const api = new URL(apiUrl);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/admin' || url.pathname.startsWith('/admin/')) {
      const rel = normalize(decodeURIComponent(url.pathname.slice('/admin'.length) || '/'));
      const file = join(root, rel);
      const inside = file.startsWith(root);
      const isFile = inside && existsSync(file) && statSync(file).isFile();
      if (!isFile && rel.startsWith('/assets/')) {
        res.writeHead(404).end('not found');
        return;
      }
      const target = isFile ? file : index;
      res.writeHead(200, {
        'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      createReadStream(target).pipe(res);
      return;
    }
    const upstream = httpRequest(
      {
        hostname: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: api.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    });
    req.pipe(upstream);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((ok) => server.close(() => ok())),
  };
}
