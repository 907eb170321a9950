import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file's name inside the data folder. */
export const LOCK_FILE = 'eastlake.lock';

/** Another live process holds the data folder; the message is the one line `main` prints. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the data folder ${dir} is in use by process ${pid}: stop that server first, or set EASTLAKE_DATA_DIR to another folder`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** Data folders this process holds: a lock file naming our pid but not in here is a previous process's (pid reuse). */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * An exclusive lock on an embedded data folder: PGlite allows one writer, and two servers
 * on one folder silently lose each other's commits. The lock is a file holding the pid,
 * created with O_EXCL; a lock whose process is gone (a `kill -9`, a crash) is stale and
 * taken over, so nobody has to delete it by hand.
 */
export class DataDirLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly dir: string,
    readonly path: string,
  ) {
    // A process that exits without closing the app (process.exit after a failed start) still lets go.
    process.once('exit', this.onExit);
  }

  /**
   * Takes the lock on `dir` (created when missing).
   * @throws DataDirLockedError when a live process holds it (this one included).
   */
  static acquire(dir: string): DataDirLock {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        held.add(dir);
        return new DataDirLock(dir, path);
      } catch (error) {
        if (errno(error) !== 'EEXIST') throw error;
      }
      const holder = readPid(path);
      if (holder === null) {
        // Created but not written yet by a process starting right now, or a truncated file:
        // give the writer a moment before treating it as stale.
        if (attempt < 2) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
          continue;
        }
      } else if (holder === process.pid ? held.has(dir) : isAlive(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      DataDirLock.removeStale(path, holder);
    }
    throw new Error(`could not take the lock ${path}: it keeps changing hands`);
  }

  /**
   * The live process holding `dir`, if any (a look, not a lock: `acquire` decides). Lets a
   * server refuse in one line before it starts anything.
   */
  static liveHolder(dir: string): number | null {
    const holder = readPid(join(dir, LOCK_FILE));
    if (holder === null) return null;
    return (holder === process.pid ? held.has(dir) : isAlive(holder)) ? holder : null;
  }

  /**
   * Moves the stale lock aside under a name of our own (only one process wins the rename),
   * then checks that what it moved is still the stale one; if a live process took the lock
   * over in between, puts it back (link never overwrites) and lets the next attempt see it.
   */
  private static removeStale(path: string, stalePid: number | null): void {
    const aside = `${path}.${process.pid}.stale`;
    try {
      renameSync(path, aside);
    } catch (error) {
      if (errno(error) === 'ENOENT') return;
      throw error;
    }
    const moved = readPid(aside);
    if (moved !== stalePid && moved !== null && isAlive(moved) && moved !== process.pid) {
      try {
        linkSync(aside, path);
      } catch {
        // Someone has created a new lock already: theirs stands.
      }
    }
    rmSync(aside, { force: true });
  }

  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    held.delete(this.dir);
    if (readPid(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}
