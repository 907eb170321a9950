import { describe, expect, it } from '@jest/globals';
import { GRANT_STATUSES, GRANT_TRANSITIONS, nextGrantStatus, type GrantEvent } from './grant-status.js';

const EVENTS: GrantEvent[] = ['CONSENT_WITHDRAWN', 'REVOKE', 'EXPIRE'];

describe('grant status table', () => {
  it('suspends, revokes and expires an active grant', () => {
    expect(nextGrantStatus('ACTIVE', 'CONSENT_WITHDRAWN')).toBe('SUSPENDED');
    expect(nextGrantStatus('ACTIVE', 'REVOKE')).toBe('REVOKED');
    expect(nextGrantStatus('ACTIVE', 'EXPIRE')).toBe('EXPIRED');
  });

  it('revokes from every state but REVOKED', () => {
    for (const status of GRANT_STATUSES) expect(nextGrantStatus(status, 'REVOKE')).toBe(status === 'REVOKED' ? null : 'REVOKED');
  });

  it('only suspends or expires what is active', () => {
    for (const status of GRANT_STATUSES.filter((s) => s !== 'ACTIVE')) {
      expect(nextGrantStatus(status, 'CONSENT_WITHDRAWN')).toBeNull();
      expect(nextGrantStatus(status, 'EXPIRE')).toBeNull();
    }
  });

  it('never returns to ACTIVE, and REVOKED is final', () => {
    for (const status of GRANT_STATUSES) for (const event of EVENTS) expect(nextGrantStatus(status, event)).not.toBe('ACTIVE');
    expect(Object.keys(GRANT_TRANSITIONS.REVOKED)).toHaveLength(0);
  });

  it('covers every status', () => {
    expect(Object.keys(GRANT_TRANSITIONS).sort()).toEqual([...GRANT_STATUSES].sort());
  });
});
