import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../config/config.js';
import { demoStoryTold, markDemoStoryTold } from './demo-told.js';

describe('the demo story mark', () => {
  let root: string;
  let corpus: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'eastlake-told-'));
    corpus = join(root, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'a.csv'), 'x\n1\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const embedded = () => {
    const config = loadConfig({ NODE_ENV: 'development', EASTLAKE_DATA_DIR: join(root, 'data') });
    mkdirSync(config.storageDir, { recursive: true });
    return config;
  };

  it('is told once marked, for the corpus it was marked with only', () => {
    const config = embedded();
    expect(demoStoryTold(config, corpus)).toBe(false);
    markDemoStoryTold(config, corpus);
    expect(demoStoryTold(config, corpus)).toBe(true);
    writeFileSync(join(corpus, 'b.csv'), 'y\n2\n'); // the corpus changed: the story must be looked at again
    expect(demoStoryTold(config, corpus)).toBe(false);
  });

  it('is never told with PostgreSQL or in memory, and writes nothing there', () => {
    const pg = loadConfig({ NODE_ENV: 'development', DATABASE_URL: 'postgres://x@127.0.0.1/y', EASTLAKE_DATA_DIR: join(root, 'pg') });
    mkdirSync(pg.storageDir, { recursive: true });
    markDemoStoryTold(pg, corpus);
    expect(demoStoryTold(pg, corpus)).toBe(false);
    const memory = loadConfig({ NODE_ENV: 'development', EASTLAKE_DATA_DIR: 'memory://' });
    markDemoStoryTold(memory, corpus);
    expect(demoStoryTold(memory, corpus)).toBe(false);
  });
});
