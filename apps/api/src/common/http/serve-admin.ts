import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where the built admin app is: EASTLAKE_ADMIN_DIST, else apps/admin/dist beside this API. */
export function adminDistDir(): string {
  return process.env.EASTLAKE_ADMIN_DIST ?? fileURLToPath(new URL('../../../../admin/dist', import.meta.url));
}

/** Whether the admin app is built (and so served at /admin). */
export function adminBuilt(adminDist = adminDistDir()): boolean {
  return existsSync(join(resolve(adminDist), 'index.html'));
}

/**
 * Serves the built admin app (`apps/admin/dist`) at `/admin`: its static files, and
 * `index.html` for every other GET under `/admin` so the app's own routes (`/admin/ledger`,
 * `/admin/review/…`) survive a reload. A missing file under `/admin/assets/` stays a 404.
 *
 * Call it before `app.init()` (Nest registers its not-found handler there).
 * @returns whether it mounted: false when `adminDist/index.html` does not exist.
 */
export function serveAdmin(app: NestExpressApplication, adminDist: string): boolean {
  const root = resolve(adminDist);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  app.use(
    '/admin',
    express.static(root, {
      index: false,
      redirect: false,
      setHeaders(res, path) {
        // Vite puts a content hash in every file name under assets/.
        if (path.startsWith(join(root, 'assets')))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
      },
    }),
  );
  app.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/assets/')) {
      next();
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index, (error) => {
      if (error) next(error);
    });
  });
  return true;
}
