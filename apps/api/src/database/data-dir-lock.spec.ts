import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DataDirLock, DataDirLockedError, LOCK_FILE } from './data-dir-lock.js';

/** The pid of a process that has exited (and so cannot hold anything). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('DataDirLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eastlake-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes our pid, refuses a second holder in this process, and removes the file on release', () => {
    const lock = DataDirLock.acquire(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(() => DataDirLock.acquire(dir)).toThrow(DataDirLockedError);
    expect(DataDirLock.liveHolder(dir)).toBe(process.pid);
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(DataDirLock.liveHolder(dir)).toBeNull();
    DataDirLock.acquire(dir).release();
  });

  it('refuses a folder a live process holds, naming the folder and the pid', () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    let error: unknown;
    try {
      DataDirLock.acquire(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toBe(
      `the data folder ${dir} is in use by process ${process.ppid}: stop that server first, or set EASTLAKE_DATA_DIR to another folder`,
    );
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('takes over a stale lock: a dead pid, our own pid left by an earlier process, an empty file', () => {
    for (const content of [`${deadPid()}\n`, `${process.pid}\n`, '']) {
      writeFileSync(join(dir, LOCK_FILE), content);
      expect(DataDirLock.liveHolder(dir)).toBeNull();
      const lock = DataDirLock.acquire(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
      lock.release();
    }
  });

  it('never removes a lock file that is no longer its own', () => {
    const lock = DataDirLock.acquire(dir);
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
  });
});
