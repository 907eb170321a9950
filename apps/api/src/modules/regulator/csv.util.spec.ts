import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { csvCell, toCsv } from './csv.util.js';

describe('csv', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('neutralises a formula %j', (value) => {
    const cell = csvCell(value);
    expect(cell.startsWith(`"'`)).toBe(true);
  });

  it('leaves ordinary values alone and quotes them', () => {
    expect(csvCell('武汉 weather')).toBe('"武汉 weather"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it('never lets a cell start with a formula character once unquoted', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const inner = csvCell(s).slice(1, -1).replace(/""/g, '"');
        expect(/^[=+\-@\t\r]/.test(inner)).toBe(false);
      }),
    );
  });

  it('joins rows with CRLF under a header', () => {
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe(`"a","b"\r\n"1","'=x"\r\n`);
  });
});
