import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../../config/config.js';
import { TokenService, VERIFIED_TOKENS_KEPT } from './token.service.js';

const service = (ttl = 60) => new TokenService(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a-test-secret-of-enough-length', JWT_TTL_SECONDS: String(ttl) }));
const tamper = (token: string) => {
  const [h, p, s] = token.split('.');
  return [h, p, (s[0] === 'A' ? 'B' : 'A') + s.slice(1)].join('.');
};

describe('TokenService', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers a token it verified before with the same user, and still refuses a tampered or foreign one', () => {
    const tokens = service();
    const { token } = tokens.issue('user-1');
    expect(tokens.verify(token)).toBe('user-1');
    expect(tokens.verify(token)).toBe('user-1');
    expect(() => tokens.verify(tamper(token))).toThrow('the token is not valid; sign in again');
    const other = new TokenService(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'another-secret-of-enough-length' })).issue('user-1').token;
    expect(() => tokens.verify(other)).toThrow('the token is not valid; sign in again');
  });

  it('refuses a remembered token once it has expired', () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
    const tokens = service(60);
    const { token } = tokens.issue('user-2');
    expect(tokens.verify(token)).toBe('user-2');
    jest.setSystemTime(new Date('2026-12-04T10:00:59Z'));
    expect(tokens.verify(token)).toBe('user-2');
    jest.setSystemTime(new Date('2026-12-04T10:01:00Z'));
    expect(() => tokens.verify(token)).toThrow('your session has expired; sign in again');
    expect(() => tokens.verify(token)).toThrow('your session has expired; sign in again');
  });

  it('remembers a bounded number of tokens, dropping the oldest', () => {
    const tokens = service();
    const first = tokens.issue('first').token;
    expect(tokens.verify(first)).toBe('first');
    for (let i = 0; i < VERIFIED_TOKENS_KEPT; i++) tokens.verify(tokens.issue(`u${i}`).token);
    const kept = (tokens as unknown as { verified: Map<string, unknown> }).verified;
    expect(kept.size).toBe(VERIFIED_TOKENS_KEPT);
    expect(kept.has(first)).toBe(false);
    expect(tokens.verify(first)).toBe('first'); // verified again from its signature
  });
});
