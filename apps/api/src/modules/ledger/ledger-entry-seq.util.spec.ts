import { describe, expect, it } from '@jest/globals';
import { canonicalEntry, canonicalJson, type LedgerEntry } from '@eastlake/ledger';
import fc from 'fast-check';
import { withSeq } from './ledger-entry-seq.util.js';

describe('withSeq', () => {
  it('splices seq into a queued payload exactly where RFC 8785 canonicalisation puts it (fast-check)', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(text, text, text, text, fc.jsonValue(), fc.nat({ max: 2 ** 40 }), (action, type, id, user, value, seq) => {
        const queued = {
          at: '2026-01-01T00:00:00.000Z',
          actor: { userId: user, organizationId: null, role: 'PROVIDER' },
          action: action || 'a',
          // Values that contain the very text the splice looks for.
          subject: { type, id: `${id},"subject":{` },
          data: { value, subject: { id, type }, ',"subject":{': user } as Record<string, unknown>,
        };
        let payload: string;
        try {
          payload = canonicalJson(queued);
        } catch {
          return; // floats, lone surrogates: append refuses these before they are queued
        }
        const entry = { seq: seq + 1, ...(JSON.parse(payload) as Omit<LedgerEntry, 'seq'>) };
        expect(withSeq(payload, entry)).toBe(canonicalEntry(entry));
      }),
      { numRuns: 2000 },
    );
  });
});
