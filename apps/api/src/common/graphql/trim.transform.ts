import { Transform } from 'class-transformer';

/** Trims surrounding whitespace before validation (emails pasted with a trailing space). */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
