import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { toHex } from './encoding.js';
import {
  assertLedgerEntry,
  canonicalEntry,
  entryLeafHash,
  type LedgerEntry,
} from './ledger-entry.js';
import { makeEntry } from './testing/export.factory.js';

const entry: LedgerEntry = {
  seq: 1,
  at: '2025-01-31T12:00:00.000Z',
  actor: { userId: 'u-1', organizationId: 'o-1', role: 'PROVIDER' },
  action: 'dataset.created',
  subject: { type: 'Dataset', id: 'd-1' },
  data: { title: 'Stores ☕', rows: 3 },
};

describe('ledger entries', () => {
  it('canonicalises with sorted keys and hashes SHA-256(0x00 ‖ UTF-8)', () => {
    const text =
      '{"action":"dataset.created","actor":{"organizationId":"o-1","role":"PROVIDER","userId":"u-1"},' +
      '"at":"2025-01-31T12:00:00.000Z","data":{"rows":3,"title":"Stores ☕"},"seq":1,"subject":{"id":"d-1","type":"Dataset"}}';
    expect(canonicalEntry(entry)).toBe(text);
    const expected = createHash('sha256')
      .update(Buffer.from([0]))
      .update(text, 'utf8')
      .digest('hex');
    expect(toHex(entryLeafHash(entry))).toBe(expected);
  });

  it('hashes the same whatever the key order of the input', () => {
    const shuffled = {
      data: { rows: 3, title: 'Stores ☕' },
      subject: entry.subject,
      action: entry.action,
      actor: entry.actor,
      at: entry.at,
      seq: 1,
    };
    expect(toHex(entryLeafHash(shuffled))).toBe(toHex(entryLeafHash(entry)));
    expect(toHex(entryLeafHash({ ...entry, data: { rows: 4, title: 'Stores ☕' } }))).not.toBe(
      toHex(entryLeafHash(entry)),
    );
  });

  it('allows system actors with null ids', () => {
    expect(() =>
      assertLedgerEntry({
        ...makeEntry(2),
        actor: { userId: null, organizationId: null, role: 'SYSTEM' },
      }),
    ).not.toThrow();
  });

  it.each([
    ['seq 0', { seq: 0 }, /seq must be a positive integer/],
    ['a non-ISO date', { at: '31/01/2025' }, /ISO-8601/],
    ['a missing role', { actor: { userId: 'u', organizationId: 'o' } }, /actor.role/],
    ['a numeric userId', { actor: { userId: 5, organizationId: 'o', role: 'r' } }, /actor.userId/],
    ['an empty action', { action: '' }, /action/],
    ['a subject without id', { subject: { type: 'Dataset' } }, /subject/],
    ['data as an array', { data: [] }, /data must be an object/],
    ['a float in data', { data: { price: 0.1 } }, /entry\.data\.price: floats are not allowed/],
  ])('rejects %s', (_name, patch, message) => {
    expect(() => assertLedgerEntry({ ...entry, ...patch })).toThrow(message);
    expect(() => entryLeafHash({ ...entry, ...patch } as LedgerEntry)).toThrow(message);
  });
});
