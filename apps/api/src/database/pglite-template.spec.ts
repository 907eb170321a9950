import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { copyTemplateIfFresh, migrationsHashOf, stageTemplate, pgliteVersion, readManifest, templateFits, writeManifest, type TemplateManifest } from './pglite-template.js';
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
    expect(copyTemplateIfFresh(missing, names, template)).toBe(true);
    expect(readFileSync(join(missing, 'base', 'table'), 'utf8')).toBe('rows');
    expect(readdirSync(join(root, 'a'))).toEqual(['pgdata']);
    const empty = join(root, 'b', 'pgdata');
    mkdirSync(empty, { recursive: true });
    expect(copyTemplateIfFresh(empty, names, template)).toBe(true);
    expect(existsSync(join(empty, 'PG_VERSION'))).toBe(true);
  });

  it('moves a copy staged ahead of time into place (no second copy), and drops it when the folder is no longer fresh', async () => {
    makeTemplate(template);
    const target = join(root, 's', 'pgdata');
    expect(await stageTemplate(target, names, template)).toBe(true);
    expect(readdirSync(join(root, 's'))).toEqual([`.pgdata-template-${process.pid}`]);
    // The template is gone by now: only the staged copy can fill the folder.
    rmSync(template, { recursive: true, force: true });
    expect(copyTemplateIfFresh(target, names, template)).toBe(true);
    expect(readFileSync(join(target, 'base', 'table'), 'utf8')).toBe('rows');
    expect(readdirSync(join(root, 's'))).toEqual(['pgdata']);
    expect(readdirSync(target).sort()).toEqual(['PG_VERSION', 'base']);

    makeTemplate(template);
    const used = join(root, 'u', 'pgdata');
    expect(await stageTemplate(used, names, template)).toBe(true);
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
});
