import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The labelled corpus the repository carries (`fixtures/corpus`, with its `expected.json`). */
export const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'corpus');

/** A corpus file's bytes. */
export function corpusFile(name: string): Buffer {
  return readFileSync(join(CORPUS, name));
}
