import type { Request, Response } from 'express';

/** EastLake's mark: a lake under a rising sun, one small SVG (modern browsers take SVG at /favicon.ico too). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#0f4c81"/>
<circle cx="32" cy="26" r="11" fill="#f5b841"/>
<path d="M8 40c6 0 6-4 12-4s6 4 12 4 6-4 12-4 6 4 12 4v4c-6 0-6-4-12-4s-6 4-12 4-6-4-12-4-6 4-12 4z" fill="#e8f1fa"/>
<path d="M8 50c6 0 6-4 12-4s6 4 12 4 6-4 12-4 6 4 12 4v4c-6 0-6-4-12-4s-6 4-12 4-6-4-12-4-6 4-12 4z" fill="#9cc3e6"/>
</svg>
`;

/** GET /favicon.svg and /favicon.ico: the same SVG, cached for a day. */
export function sendFavicon(_req: Request, res: Response): void {
  res.setHeader('content-type', 'image/svg+xml');
  res.setHeader('cache-control', 'public, max-age=86400');
  res.send(FAVICON_SVG);
}
