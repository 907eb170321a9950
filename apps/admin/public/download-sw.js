/* global self, fetch, Response, Headers, URL, Map, setTimeout */
// Streams the exchange's file downloads straight to disk. A link cannot send the Bearer
// token a delivery needs, and fetching the file into the page would hold all of it in
// memory; instead the page hands this worker the delivery URL and token (postMessage) and
// opens /admin/__download/<id> in a hidden frame. The worker fetches the delivery with the
// token and answers the frame with the response's body as it arrives and the API's
// Content-Disposition, so the browser's own download manager writes the file as it comes.
// Each job is used once. The page hears back (on the MessagePort it sent) when the download
// has started, with the file's name and row count, or why the exchange refused it.
const jobs = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const job = event.data;
  if (!job || job.type !== 'eastlake-download' || typeof job.id !== 'string') return;
  const port = event.ports[0];
  jobs.set(job.id, { url: job.url, token: job.token, fileName: job.fileName, port });
  // Forget a job nobody opened.
  setTimeout(() => jobs.delete(job.id), 60_000);
  port?.postMessage({ kind: 'queued' });
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = /\/__download\/([A-Za-z0-9-]+)$/.exec(url.pathname);
  if (!match || url.origin !== self.location.origin) return;
  const job = jobs.get(match[1]);
  jobs.delete(match[1]);
  event.respondWith(deliver(job));
});

async function deliver(job) {
  if (!job) return new Response(null, { status: 204 });
  let upstream;
  try {
    upstream = await fetch(job.url, {
      headers: job.token ? { authorization: `Bearer ${job.token}` } : {},
      cache: 'no-store',
    });
  } catch (error) {
    job.port?.postMessage({ kind: 'failed', code: 'NETWORK', message: String(error) });
    return new Response(null, { status: 204 });
  }
  if (!upstream.ok) {
    let body = {};
    try {
      body = await upstream.json();
    } catch {
      // not JSON: the status line says it
    }
    job.port?.postMessage({
      kind: 'failed',
      code: body.code ?? `HTTP_${upstream.status}`,
      message: body.message ?? `${upstream.status} ${upstream.statusText}`,
      body,
    });
    // 204: the frame stays where it is and nothing is saved.
    return new Response(null, { status: 204 });
  }
  const headers = new Headers({
    'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
    'content-disposition':
      upstream.headers.get('content-disposition') ??
      `attachment; filename*=UTF-8''${encodeURIComponent(job.fileName)}`,
    'cache-control': 'no-store',
  });
  const bytes = upstream.headers.get('x-eastlake-bytes');
  if (bytes) headers.set('content-length', bytes);
  job.port?.postMessage({
    kind: 'started',
    disposition: headers.get('content-disposition'),
    rows: upstream.headers.get('x-eastlake-rows'),
    bytes: bytes === null ? null : Number(bytes),
  });
  return new Response(upstream.body, { status: 200, headers });
}
