import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { UnauthenticatedException } from '../errors/domain.exception.js';

interface TokenClaims {
  sub: string;
  exp?: number;
}

/** Tokens verified recently: at most this many are remembered (the oldest is dropped first). */
export const VERIFIED_TOKENS_KEPT = 10_000;

/** Issues and checks the bearer tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  /** Built once: given the string secret, jsonwebtoken rebuilds a key object on every call. */
  private readonly key: KeyObject;
  /**
   * Tokens this process verified, with their user and expiry: a token's signature and claims
   * cannot change, so until it expires the answer is the same, and a client sending the same
   * token with every request (every client does) costs one HMAC per token, not per request.
   * Only tokens that passed `jwt.verify` are kept; an expired one is verified again (and refused).
   */
  private readonly verified = new Map<string, { userId: string; expiresAtMs: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  issue(userId: string): { token: string; expiresAt: Date } {
    const token = jwt.sign({}, this.key, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.jwtTtlSeconds,
      issuer: 'eastlake',
    });
    return { token, expiresAt: new Date(Date.now() + this.config.jwtTtlSeconds * 1000) };
  }

  /** @returns the user id the token was issued to. */
  verify(token: string): string {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.userId;
    if (known) this.verified.delete(token);
    return this.verifySignature(token);
  }

  private verifySignature(token: string): string {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'eastlake',
      }) as TokenClaims;
      if (typeof claims.sub !== 'string') throw new UnauthenticatedException('the token names no user');
      if (typeof claims.exp === 'number') this.remember(token, claims.sub, claims.exp * 1000);
      return claims.sub;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new UnauthenticatedException('your session has expired; sign in again');
      }
      throw new UnauthenticatedException('the token is not valid; sign in again');
    }
  }

  private remember(token: string, userId: string, expiresAtMs: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { userId, expiresAtMs });
  }
}
