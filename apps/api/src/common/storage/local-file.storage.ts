import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageException, StorageExceptionCode } from './storage.exception.js';
import type { FileStorage, StoredFile } from './file-storage.js';

/** Files in a local directory: written to a temporary name, renamed when complete. */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }

  async write(key: string, source: Readable, maxBytes: number): Promise<StoredFile> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          done(new StorageException(StorageExceptionCode.FILE_TOO_LARGE, `the file is larger than the ${maxBytes}-byte limit`, { maxBytes }));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { bytes, sha256: hash.digest('hex') };
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key), { highWaterMark: 1 << 20 });
  }

  async localPath(key: string): Promise<string> {
    return this.pathOf(key);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
