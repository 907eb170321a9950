// serveAdmin (apps/api/src/common/http/serve-admin.ts, built into the API's dist) on a bare
// Nest express application: static files, SPA fallback, 404 for missing assets.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const here = dirname(fileURLToPath(import.meta.url));
const SERVE_ADMIN = resolve(here, '../../api/dist/common/http/serve-admin.js');

class EmptyModule {}
Module({})(EmptyModule);

describe('serveAdmin', () => {
  let app;
  let url;
  let dist;
  let serveAdmin;

  before(async () => {
    ({ serveAdmin } = await import(pathToFileURL(SERVE_ADMIN).href));
    dist = mkdtempSync(join(tmpdir(), 'eastlake-admin-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("admin")');
    app = await NestFactory.create(EmptyModule, { logger: false });
    assert.equal(serveAdmin(app, join(dist, 'missing')), false);
    assert.equal(serveAdmin(app, dist), true);
    await app.init();
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    url = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await app?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  test('serves index.html at /admin and for the app routes below it', async () => {
    for (const path of ['/admin', '/admin/', '/admin/ledger', '/admin/review/42']) {
      const res = await fetch(url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /<div id="root">/);
    }
  });

  test('serves hashed assets with a long cache, and a missing asset is a 404', async () => {
    const res = await fetch(`${url}/admin/assets/index-abc123.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await res.text(), 'console.log("admin")');
    assert.equal((await fetch(`${url}/admin/assets/nope.js`)).status, 404);
  });

  test('leaves everything outside /admin alone', async () => {
    assert.equal((await fetch(`${url}/administrator`)).status, 404);
    assert.equal((await fetch(`${url}/other`)).status, 404);
    assert.equal((await fetch(`${url}/admin/`, { method: 'POST' })).status, 404);
  });
});
