import type { Readable } from 'node:stream';

export interface StoredFile {
  bytes: number;
  sha256: string;
}

/**
 * Where dataset files live. The domain only sees keys; the local directory is the
 * default and an S3-compatible store can implement the same four calls.
 */
export interface FileStorage {
  /**
   * Streams `source` into `key`, hashing and counting as it goes. Past `maxBytes` it
   * stops, removes what it wrote and throws; a source that errors or ends early leaves
   * nothing behind either. Only a complete file becomes visible under `key`.
   */
  write(key: string, source: Readable, maxBytes: number): Promise<StoredFile>;
  read(key: string): Readable;
  /** A local path to the bytes (the classifier streams from a file). */
  localPath(key: string): Promise<string>;
  remove(key: string): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');
