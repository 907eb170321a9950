// Spawns the built CLI (run `npm run build` first; `npm test` via turbo builds before testing).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('bin/eastlake-classify.js');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'classifier-cli-'));
  writeFileSync(join(dir, 'ok.csv'), 'city,amount\n武汉,1\n郑州,2\n');
  writeFileSync(join(dir, 'pii.csv'), 'phone\n13812345678\n13912345678\n');
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
  writeFileSync(
    join(dir, 'm.csv'),
    'subject_key,purposes,third_party,sensitive_separate,expires_at,revoked_at\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]): { code: number | null; out: string; err: string } =>
  runIn(undefined, ...args);
const runIn = (
  input: string | undefined,
  ...args: string[]
): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('eastlake-classify', () => {
  it('prints exactly one JSON object and exits 0 whatever the verdict', () => {
    const ok = run(join(dir, 'ok.csv'), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).verdict).toBe('TRADEABLE');
    const pii = run(join(dir, 'pii.csv'), '--json');
    expect(pii.code).toBe(0);
    const report = JSON.parse(pii.out);
    expect(report.verdict).toBe('UNTRADEABLE');
    expect(Object.keys(report)).toEqual([
      'verdict',
      'rows',
      'columns',
      'reasons',
      'consent',
      'exposure',
      'warnings',
      'stats',
    ]);
  });
  it('prints a readable table without --json', () => {
    const r = run(join(dir, 'pii.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Verdict: UNTRADEABLE/);
    expect(r.out).toMatch(/CN_MOBILE 100%/);
  });
  it('exits 2 with one line on stderr for unusable input and usage errors', () => {
    const cases = [
      [join(dir, 'missing.csv')],
      [dir],
      [join(dir, 'empty.csv')],
      [join(dir, 'bin.dat')],
      [join(dir, 'ok.csv'), '--consent', join(dir, 'm.csv')],
      [join(dir, 'ok.csv'), '--bogus'],
      [],
    ];
    for (const args of cases) {
      const r = run(...args, '--json');
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
    }
  });
  it('ignores --purpose alone with a warning', () => {
    const r = run(join(dir, 'ok.csv'), '--json', '--purpose', 'marketing');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.consent).toBeNull();
    expect(report.warnings.join(' ')).toMatch(/purpose was given without a consent manifest/);
  });
  it('--help lists the options, exit codes and examples; --version prints the engine version', () => {
    const h = run('--help');
    expect(h.code).toBe(0);
    for (const part of [
      '--json',
      '--consent',
      '--purpose',
      '--version',
      'Exit codes',
      'Examples',
      ' - reads standard input',
    ])
      expect(h.out).toContain(part);
    expect(run('-h').out).toBe(h.out);
    const v = run('--version');
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^2\.\d+\.\d+$/);
    expect(run('-V').out).toBe(v.out);
  });
  it('reads standard input with -, also for a consent check', () => {
    const r = runIn('phone\n13812345678\n13912345678\n', '-', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).verdict).toBe('UNTRADEABLE');
    const c = runIn(
      'phone\n13812345678\n',
      '-',
      '--json',
      '--consent',
      join(dir, 'm.csv'),
      '--purpose',
      'marketing',
    );
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out).consent).toEqual({
      coveredRows: 0,
      neededRows: 1,
      purpose: 'marketing',
    });
    const empty = runIn('', '-', '--json');
    expect(empty.code).toBe(2);
    expect(empty.err.trim()).toBe('eastlake-classify: standard input is empty (0 bytes)');
  });
  it('usage errors exit 2 with one line on stderr', () => {
    for (const args of [['--purpose'], ['a.csv', 'b.csv'], ['-x'], ['a.csv', '--consent']]) {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^eastlake-classify: .*usage: eastlake-classify/);
    }
  });
});
