import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLineBatches, readLines } from './ndjson-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'ndjson-lines-'));

async function collect(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(path)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('keeps multi-byte characters intact across 1 MiB chunk boundaries', async () => {
    // 3-byte and 4-byte characters at every offset: some straddle the chunk edges.
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i} ${'☕😀é'.repeat(i % 13)}`);
    const path = join(dir, 'multibyte.ndjson');
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(await collect(path)).toEqual(lines);
    let batches = 0;
    for await (const _batch of readLineBatches(path)) batches++;
    expect(batches).toBeGreaterThan(1);
  });

  it('returns a last line without newline, and nothing for an empty file', async () => {
    const path = join(dir, 'tail.ndjson');
    writeFileSync(path, 'a\nb');
    expect(await collect(path)).toEqual(['a', 'b']);
    const empty = join(dir, 'empty.ndjson');
    writeFileSync(empty, '');
    expect(await collect(empty)).toEqual([]);
  });

  it('rejects with the file system error for a missing file', async () => {
    await expect(collect(join(dir, 'missing.ndjson'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
