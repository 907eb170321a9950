import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CsvTokenizer } from './csv-tokenizer.js';
import { sniffDelimiter } from './read-table.js';

function parse(chunks: string[], delim = ','): { rows: string[][]; warnings: string[] } {
  const rows: string[][] = [];
  const warnings: string[] = [];
  const t = new CsvTokenizer(delim.charCodeAt(0), {
    row: (f) => rows.push(f),
    warn: (k, line) => warnings.push(`${k}@${line}`),
  });
  for (const c of chunks) t.feed(c);
  t.end();
  return { rows, warnings };
}

describe('CsvTokenizer', () => {
  it('handles quoted delimiters, escaped quotes, embedded newlines and CRLF', () => {
    const { rows, warnings } = parse([
      'a,b,c\r\n"x,1","he said ""hi""","line1\nline2"\r\n',
      'p,,q\n',
    ]);
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'he said "hi"', 'line1\nline2'],
      ['p', '', 'q'],
    ]);
    expect(warnings).toEqual([]);
  });
  it('gives the same rows however the text is cut into chunks', () => {
    const text = 'id,name,note\n1,"张三","多行\n备注, 带逗号"\r\n2,李四,"引号""内"""\n3,,\n';
    const whole = parse([text]).rows;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(text.slice(last, p));
          last = p;
        }
        chunks.push(text.slice(last));
        expect(parse(chunks).rows).toEqual(whole);
      }),
    );
  });
  it('turns an unterminated quote into a warning and keeps the text', () => {
    const { rows, warnings } = parse(['a,b\n1,"open\n2,x\n']);
    expect(warnings).toEqual(['unterminated-quote@2']);
    expect(rows[0]).toEqual(['a', 'b']);
    expect(rows.slice(1)).toEqual([
      ['1', '"open'],
      ['2', 'x'],
    ]);
  });
  it('keeps ragged rows as they are (the reader reports them)', () => {
    expect(parse(['a,b,c\n1,2\n1,2,3,4\n']).rows.map((r) => r.length)).toEqual([3, 2, 4]);
  });
  it('sniffs , ; tab and |', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(sniffDelimiter('a,b\n"1,5",2\n')).toBe(',');
    expect(sniffDelimiter('just text\nmore\n')).toBeNull();
  });
});
