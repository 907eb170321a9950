import { describe, expect, it } from '@jest/globals';
import { toBase64, toHex } from './encoding.js';
import { LedgerException } from './ledger.exception.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { parseSignedNote } from './signed-note.js';

// The example of C2SP tlog-checkpoint (and tlog-witness, tlog-cosignature).
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_NOTE = `${SPEC_BODY}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;

describe('C2SP tlog-checkpoint', () => {
  it('parses the example of the spec and formats it back byte for byte', () => {
    const { text, signatures } = parseSignedNote(SPEC_NOTE);
    expect(text).toBe(SPEC_BODY);
    expect(signatures).toHaveLength(1);
    expect(signatures[0].name).toBe('example.com/behind-the-sofa');
    expect(signatures[0].signature).toHaveLength(64);
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.treeSize).toBe(20852163);
    expect(toBase64(checkpoint.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(toHex(checkpoint.rootHash)).toMatch(/^0ac5186a/);
    expect(formatCheckpoint(checkpoint)).toBe(SPEC_BODY);
  });

  it('keeps extension lines and writes an empty tree as size 0', () => {
    const body = formatCheckpoint({ origin: 'eastlake.local/ledger', treeSize: 0, rootHash: new Uint8Array(32), extensions: ['ext one'] });
    expect(body).toBe(`eastlake.local/ledger\n0\n${'A'.repeat(43)}=\next one\n`);
    expect(parseCheckpoint(body).extensions).toEqual(['ext one']);
  });

  it.each([
    ['a leading zero', SPEC_BODY.replace('20852163', '020852163')],
    ['a signed size', SPEC_BODY.replace('20852163', '+20852163')],
    ['a short root', SPEC_BODY.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUY')],
    ['an empty origin', SPEC_BODY.replace('example.com/behind-the-sofa', '')],
    ['two lines', 'example.com\n1\n'],
    ['no final newline', SPEC_BODY.slice(0, -1)],
    ['an empty extension line', `${SPEC_BODY}\n`],
  ])('rejects a body with %s', (_what, body) => {
    expect(() => parseCheckpoint(body)).toThrow(LedgerException);
  });
});
