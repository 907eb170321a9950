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
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(userId: string): { token: string; expiresAt: Date } {
    const token = jwt.sign({}, this.config.jwtSecret, {
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
      const claims = jwt.verify(token, this.config.jwtSecret, {
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
