import { Injectable, type PipeTransform } from '@nestjs/common';
import { BadInputException } from '../errors/domain.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs: anything else is a clear BAD_USER_INPUT, not a database error. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new BadInputException(`"${String(value).slice(0, 64)}" is not a valid id`);
    }
    return value.toLowerCase();
  }
}
