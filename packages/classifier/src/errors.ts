/** Why a file could not be classified at all (a verdict is never an error). */
export enum ClassifierErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  NOT_A_FILE = 'NOT_A_FILE',
  UNREADABLE = 'UNREADABLE',
  EMPTY_INPUT = 'EMPTY_INPUT',
  BINARY_INPUT = 'BINARY_INPUT',
  UNDECODABLE = 'UNDECODABLE',
  UNSUPPORTED_FORMAT = 'UNSUPPORTED_FORMAT',
  INVALID_CONSENT = 'INVALID_CONSENT',
  USAGE = 'USAGE',
}

/**
 * Thrown for input that cannot be classified: missing, a directory, empty, binary,
 * undecodable, an unsupported format, a malformed consent manifest, or misuse of options.
 * `message` is one line a data provider understands.
 */
export class ClassifierError extends Error {
  override readonly name = 'ClassifierError';
  constructor(
    readonly code: ClassifierErrorCode,
    message: string,
  ) {
    super(message);
  }
}
