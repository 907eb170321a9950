import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { UnauthenticatedException } from '../errors/domain.exception.js';

interface TokenClaims {
  sub: string;
}

/** Issues and checks the bearer tokens (HS256 JWT). */
@Injectable()
export class TokenService {
  /** Built once: given the string secret, jsonwebtoken rebuilds a key object on every call. */
  private readonly key: KeyObject;

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
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'eastlake',
      }) as TokenClaims;
      if (typeof claims.sub !== 'string') throw new UnauthenticatedException('the token names no user');
      return claims.sub;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new UnauthenticatedException('your session has expired; sign in again');
      }
      throw new UnauthenticatedException('the token is not valid; sign in again');
    }
  }
}
