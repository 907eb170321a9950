import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { AccessException, AccessExceptionCode } from './exceptions/access.exception.js';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * `Idempotency-Key` support: the first call under a key stores the payload's hash and
 * the id of what it created, in the same transaction; a replay with the same payload
 * gets that id back, a different payload under the same key is a CONFLICT.
 */
@Injectable()
export class IdempotencyService {
  static hash(payload: unknown): string {
    return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  }

  assertKey(key: string | undefined): void {
    if (key !== undefined && !KEY.test(key)) throw new BadInputException('Idempotency-Key must be 8–128 characters of letters, digits, . _ : -');
  }

  /** @returns the id stored for this key, or null on first use (then call `remember`). */
  async replayed(manager: EntityManager, scope: string, userId: string, key: string, payload: unknown): Promise<string | null> {
    // Serialise concurrent first uses of one key.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${scope}:${userId}:${key}`]);
    const rows: Array<{ request_hash: string; result_id: string }> = await manager.query(
      `SELECT request_hash, result_id FROM idempotency_keys WHERE scope = $1 AND user_id = $2 AND key = $3`,
      [scope, userId, key],
    );
    if (rows.length === 0) return null;
    if (rows[0].request_hash !== IdempotencyService.hash(payload)) {
      throw new AccessException(AccessExceptionCode.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was already used for a different request');
    }
    return rows[0].result_id;
  }

  async remember(manager: EntityManager, scope: string, userId: string, key: string, payload: unknown, resultId: string): Promise<void> {
    await manager.query(`INSERT INTO idempotency_keys (scope, user_id, key, request_hash, result_id) VALUES ($1, $2, $3, $4, $5)`, [
      scope,
      userId,
      key,
      IdempotencyService.hash(payload),
      resultId,
    ]);
  }
}
