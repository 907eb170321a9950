import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../config/config.js';
import { corpusHashOf } from '../pglite-template.js';
import { DEMO_CORPUS } from './demo-corpus.js';

/**
 * A mark in the storage folder that the demo story (accounts, listings, consent, sale) has been
 * told whole in this embedded data folder, from this corpus: a start that finds it skips the
 * seed's forty-odd look-ups (~0.2–0.4 s of every embedded start). Written after a seed that
 * completed, and carried by the demo template (whose seed completed at build time). Embedded
 * mode only: with PostgreSQL the database may be shared or reset behind a local folder's back,
 * so the seed always looks. An interrupted seed writes no mark and resumes at the next start.
 */
const MARK = '.demo-seeded';

function markOf(config: AppConfig): string | null {
  return config.databaseUrl || config.dataDir === 'memory://' ? null : join(config.storageDir, MARK);
}

/** Whether this data folder's demo story is complete, from the corpus the code carries now. */
export function demoStoryTold(config: AppConfig, corpusDir = DEMO_CORPUS): boolean {
  const mark = markOf(config);
  if (!mark || !existsSync(mark)) return false;
  try {
    return readFileSync(mark, 'utf8') === corpusHashOf(corpusDir);
  } catch {
    return false;
  }
}

/** Records that the demo story is complete (written aside and renamed: never half a mark). */
export function markDemoStoryTold(config: AppConfig, corpusDir = DEMO_CORPUS): void {
  const mark = markOf(config);
  if (!mark) return;
  const temp = `${mark}.${process.pid}.part`;
  writeFileSync(temp, corpusHashOf(corpusDir));
  renameSync(temp, mark);
}
