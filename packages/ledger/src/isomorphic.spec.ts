import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from './encoding.js';
import { verifyExport } from './export-verifier.js';
import { emptyRoot, sha256Implementation, useSha256Implementation } from './hasher.js';
import { entryLeafHash } from './ledger-entry.js';
import { MerkleTree } from './merkle-tree.js';
import { headFor, makeEntry, makeRecords, toLines } from './testing/export.factory.js';
import { rfc6962LeafHashes } from './testing/merkle.factory.js';

const src = dirname(fileURLToPath(import.meta.url));

/** Every module reachable from `entry` through relative imports. */
function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(src, entry), 'utf8');
  for (const [, spec] of text.matchAll(/from '(\.[^']+)\.js'/g)) {
    reachable(join(dirname(entry), `${spec}.ts`), seen);
  }
  return seen;
}

describe('the "." entry point is browser-safe', () => {
  afterAll(() => useSha256Implementation('node'));

  it('imports no Node built-in, directly or indirectly', () => {
    const modules = [...reachable('index.ts')];
    expect(modules).toContain('hasher.ts');
    expect(modules).not.toContain('node.ts');
    for (const file of modules) {
      expect([file, readFileSync(join(src, file), 'utf8')]).not.toEqual([
        file,
        expect.stringMatching(/from 'node:/),
      ]);
    }
  });

  it('gives identical hashes with @noble/hashes (the browser path) as with node:crypto', async () => {
    expect(sha256Implementation()).toBe('node');
    const leaves = rfc6962LeafHashes();
    const viaNode = {
      root: toHex(MerkleTree.fromLeafHashes(leaves).root()),
      entry: toHex(entryLeafHash(makeEntry(7))),
    };
    const records = makeRecords(33);
    const head = headFor(records);
    useSha256Implementation('noble');
    expect(sha256Implementation()).toBe('noble');
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(MerkleTree.fromLeafHashes(rfc6962LeafHashes()).root())).toBe(viaNode.root);
    expect(viaNode.root).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(toHex(entryLeafHash(makeEntry(7)))).toBe(viaNode.entry);
    expect(await verifyExport(toLines(records), head)).toMatchObject({ ok: true, treeSize: 33 });
  });
});
