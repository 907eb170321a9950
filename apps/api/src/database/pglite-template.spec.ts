import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  copyTemplateIfFresh,
  corpusHashOf,
  DEMO_MAX_AGE_MS,
  demoTemplateFits,
  migrationsHashOf,
  stageTemplate,
  pgliteVersion,
  readDemoManifest,
  readManifest,
  templateFits,
  writeDemoManifest,
  writeManifest,
  type DemoManifest,
  type TemplateManifest,
} from './pglite-template.js';
import { migrations } from './migrations/index.js';

const names = migrations.map((m) => m.name);
const running = migrationsHashOf(new URL('./migrations/', import.meta.url).pathname);

/** A fake template folder: a pgdata with a PG_VERSION and one more file, and a manifest. */
function makeTemplate(dir: string, manifest: Partial<TemplateManifest> = {}): void {
  mkdirSync(join(dir, 'pgdata', 'base'), { recursive: true });
  writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), '17\n');
  writeFileSync(join(dir, 'pgdata', 'base', 'table'), 'rows');
  writeManifest(dir, { pglite: pgliteVersion(), migrations: names, migrationsHash: running, sourceHash: running, ...manifest });
}

/** A fake demo template inside a template folder: its own pgdata (marked "demo"), one stored file, and a manifest. */
function makeDemo(dir: string, corpus: string, manifest: Partial<DemoManifest> = {}): void {
  const demo = join(dir, 'demo');
  mkdirSync(join(demo, 'pgdata'), { recursive: true });
  writeFileSync(join(demo, 'pgdata', 'PG_VERSION'), '17\n');
  writeFileSync(join(demo, 'pgdata', 'seeded'), 'demo rows');
  mkdirSync(join(demo, 'files', 'datasets'), { recursive: true });
  writeFileSync(join(demo, 'files', 'datasets', 'one'), 'a,b\n');
  const m: DemoManifest = { pglite: pgliteVersion(), migrations: names, migrationsHash: running, sourceHash: running, builtAt: new Date().toISOString(), corpusHash: corpusHashOf(corpus), ...manifest };
  writeDemoManifest(demo, m);
}

describe('PGlite template', () => {
  let root: string;
  let template: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'eastlake-template-'));
    template = join(root, 'template');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies the template into a missing or empty pgdata folder, and nothing else is left beside it', () => {
    makeTemplate(template);
    const missing = join(root, 'a', 'pgdata');
    expect(copyTemplateIfFresh(missing, names, template)).toBe('plain');
    expect(readFileSync(join(missing, 'base', 'table'), 'utf8')).toBe('rows');
    expect(readdirSync(join(root, 'a'))).toEqual(['pgdata']);
    const empty = join(root, 'b', 'pgdata');
    mkdirSync(empty, { recursive: true });
    expect(copyTemplateIfFresh(empty, names, template)).toBe('plain');
    expect(existsSync(join(empty, 'PG_VERSION'))).toBe(true);
  });

  it('moves a copy staged ahead of time into place (no second copy), and drops it when the folder is no longer fresh', async () => {
    makeTemplate(template);
    const target = join(root, 's', 'pgdata');
    expect(await stageTemplate(target, names, template)).toBe('plain');
    expect(readdirSync(join(root, 's'))).toEqual([`.pgdata-template-${process.pid}`]);
    // The template is gone by now: only the staged copy can fill the folder.
    rmSync(template, { recursive: true, force: true });
    expect(copyTemplateIfFresh(target, names, template)).toBe('plain');
    expect(readFileSync(join(target, 'base', 'table'), 'utf8')).toBe('rows');
    expect(readdirSync(join(root, 's'))).toEqual(['pgdata']);
    expect(readdirSync(target).sort()).toEqual(['PG_VERSION', 'base']);

    makeTemplate(template);
    const used = join(root, 'u', 'pgdata');
    expect(await stageTemplate(used, names, template)).toBe('plain');
    mkdirSync(used, { recursive: true });
    writeFileSync(join(used, 'PG_VERSION'), '17\n'); // another start filled it meanwhile
    expect(copyTemplateIfFresh(used, names, template)).toBe(false);
    expect(readdirSync(join(root, 'u'))).toEqual(['pgdata']);
    expect(await stageTemplate(join(root, 'v', 'pgdata'), names, join(root, 'no-template'))).toBe(false);
    expect(existsSync(join(root, 'v'))).toBe(false);
  });

  it('never touches a folder that holds anything', () => {
    makeTemplate(template);
    const used = join(root, 'used', 'pgdata');
    mkdirSync(used, { recursive: true });
    writeFileSync(join(used, 'PG_VERSION'), '17\n');
    expect(copyTemplateIfFresh(used, names, template)).toBe(false);
    expect(readdirSync(used)).toEqual(['PG_VERSION']);
  });

  it('is not used when another PGlite wrote it, or the migrations differ in names, order or contents', () => {
    const base: TemplateManifest = { pglite: pgliteVersion(), migrations: names, migrationsHash: running, sourceHash: 'other' };
    expect(templateFits(base, names)).toBe(true);
    expect(templateFits({ ...base, pglite: '0.0.1' }, names)).toBe(false);
    expect(templateFits({ ...base, migrations: names.slice(0, -1) }, names)).toBe(false);
    expect(templateFits({ ...base, migrations: [...names].reverse() }, names)).toBe(false);
    expect(templateFits(base, [...names, 'Later1764400099000'])).toBe(false);
    expect(templateFits({ ...base, migrationsHash: 'edited', sourceHash: 'edited' }, names)).toBe(false);
    makeTemplate(template, { pglite: '0.0.1' });
    expect(copyTemplateIfFresh(join(root, 'c', 'pgdata'), names, template)).toBe(false);
    expect(existsSync(join(root, 'c', 'pgdata'))).toBe(false);
  });

  it('ignores a template without a manifest or without its data', () => {
    makeTemplate(template);
    rmSync(join(template, 'template.json'));
    expect(readManifest(template)).toBeNull();
    expect(copyTemplateIfFresh(join(root, 'd', 'pgdata'), names, template)).toBe(false);
    makeTemplate(template);
    rmSync(join(template, 'pgdata', 'PG_VERSION'));
    expect(readManifest(template)).toBeNull();
  });

  describe('the demo template', () => {
    let corpus: string;
    beforeEach(() => {
      corpus = join(root, 'corpus');
      mkdirSync(corpus, { recursive: true });
      writeFileSync(join(corpus, 'a.csv'), 'x\n1\n');
      makeTemplate(template);
      makeDemo(template, corpus);
    });

    it('fills the database and the empty storage folder from it, staged or not', async () => {
      const storageDir = join(root, 'a', 'files');
      expect(copyTemplateIfFresh(join(root, 'a', 'pgdata'), names, template, { storageDir, corpusDir: corpus })).toBe('demo');
      expect(readFileSync(join(root, 'a', 'pgdata', 'seeded'), 'utf8')).toBe('demo rows');
      expect(readFileSync(join(storageDir, 'datasets', 'one'), 'utf8')).toBe('a,b\n');
      expect(readdirSync(join(root, 'a')).sort()).toEqual(['files', 'pgdata']);

      const staged = { storageDir: join(root, 's', 'files'), corpusDir: corpus };
      expect(await stageTemplate(join(root, 's', 'pgdata'), names, template, staged)).toBe('demo');
      rmSync(template, { recursive: true, force: true }); // only the staged copies can fill it now
      expect(copyTemplateIfFresh(join(root, 's', 'pgdata'), names, template, staged)).toBe('demo');
      expect(readdirSync(join(root, 's')).sort()).toEqual(['files', 'pgdata']);
      expect(readdirSync(join(root, 's', 'pgdata')).sort()).toEqual(['PG_VERSION', 'seeded']);
      expect(readFileSync(join(root, 's', 'files', 'datasets', 'one'), 'utf8')).toBe('a,b\n');
    });

    it('is passed over for the plain template when it is stale, from another corpus, or the storage folder holds files', () => {
      const m = readDemoManifest(template)!;
      const target = { storageDir: join(root, 'none', 'files'), corpusDir: corpus };
      expect(demoTemplateFits(m, names, target)).toBe(true);
      expect(demoTemplateFits(m, names, target, Date.parse(m.builtAt) + DEMO_MAX_AGE_MS + 1)).toBe(false);
      expect(demoTemplateFits(m, names, target, Date.parse(m.builtAt) - 60_000)).toBe(false); // built "in the future": a clock jumped
      expect(demoTemplateFits({ ...m, migrations: names.slice(1) }, names, target)).toBe(false);
      writeFileSync(join(corpus, 'b.csv'), 'y\n2\n');
      expect(demoTemplateFits(m, names, target)).toBe(false);
      rmSync(join(corpus, 'b.csv'));

      const storageDir = join(root, 'used', 'files');
      mkdirSync(storageDir, { recursive: true });
      writeFileSync(join(storageDir, 'theirs'), 'kept');
      expect(copyTemplateIfFresh(join(root, 'used', 'pgdata'), names, template, { storageDir, corpusDir: corpus })).toBe('plain');
      expect(readdirSync(join(root, 'used', 'pgdata')).sort()).toEqual(['PG_VERSION', 'base']);
      expect(readdirSync(storageDir)).toEqual(['theirs']);
      // Without a demo target (tests, PostgreSQL, no demo seed), always the plain one.
      expect(copyTemplateIfFresh(join(root, 'p', 'pgdata'), names, template)).toBe('plain');
    });

    it('drops a staged demo copy when files arrived in the storage folder before the lock was taken', async () => {
      const target = { storageDir: join(root, 'r', 'files'), corpusDir: corpus };
      expect(await stageTemplate(join(root, 'r', 'pgdata'), names, template, target)).toBe('demo');
      mkdirSync(target.storageDir, { recursive: true });
      writeFileSync(join(target.storageDir, 'upload'), 'someone else');
      expect(copyTemplateIfFresh(join(root, 'r', 'pgdata'), names, template, target)).toBe('plain');
      expect(readdirSync(join(root, 'r')).sort()).toEqual(['files', 'pgdata']);
      expect(readdirSync(target.storageDir)).toEqual(['upload']);
    });

    it('is ignored without its manifest, its database or its files', () => {
      expect(readDemoManifest(template)).not.toBeNull();
      rmSync(join(template, 'demo', 'files'), { recursive: true });
      expect(readDemoManifest(template)).toBeNull();
      makeDemo(template, corpus);
      rmSync(join(template, 'demo', 'demo.json'));
      expect(readDemoManifest(template)).toBeNull();
      makeDemo(template, corpus, { builtAt: 'yesterday-ish' });
      expect(readDemoManifest(template)).toBeNull();
    });
  });
});
