import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts failed sign-ins per account and per IP in PostgreSQL (so every API process
 * shares the counters), in fixed windows. A key over its limit is refused until its
 * window ends, whether or not the next password is right.
 */
@Injectable()
export class LoginThrottleService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get windowSeconds(): number {
    return this.config.loginWindowSeconds;
  }

  private keys(email: string, ip: string): Array<{ key: string; max: number }> {
    return [
      { key: `account:${email}`, max: this.config.loginMaxFailuresPerAccount },
      { key: `ip:${ip}`, max: this.config.loginMaxFailuresPerIp },
    ];
  }

  async check(manager: EntityManager, email: string, ip: string): Promise<ThrottleState> {
    const window = this.config.loginWindowSeconds;
    let retryAfterSeconds = 0;
    for (const { key, max } of this.keys(email, ip)) {
      const rows: Array<{ failures: number; remaining: number }> = await manager.query(
        `SELECT failures, CEIL(EXTRACT(EPOCH FROM (window_started_at + make_interval(secs => $2) - now())))::int AS remaining
           FROM login_throttle WHERE key = $1`,
        [key, window],
      );
      const row = rows[0];
      if (row && row.remaining > 0 && row.failures >= max) {
        retryAfterSeconds = Math.max(retryAfterSeconds, row.remaining);
      }
    }
    return { blocked: retryAfterSeconds > 0, retryAfterSeconds };
  }

  /** @returns the keys that have just reached their limit with this failure. */
  async recordFailure(manager: EntityManager, email: string, ip: string): Promise<string[]> {
    const reached: string[] = [];
    for (const { key, max } of this.keys(email, ip)) {
      const rows: Array<{ failures: number }> = await manager.query(
        `INSERT INTO login_throttle (key, failures, window_started_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at + make_interval(secs => $2) <= now()
                           THEN 1 ELSE login_throttle.failures + 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at + make_interval(secs => $2) <= now()
                           THEN now() ELSE login_throttle.window_started_at END
         RETURNING failures`,
        [key, this.config.loginWindowSeconds],
      );
      if (rows[0]?.failures === max) reached.push(key);
    }
    return reached;
  }

  async recordSuccess(manager: EntityManager, email: string): Promise<void> {
    await manager.query(`DELETE FROM login_throttle WHERE key = $1`, [`account:${email}`]);
  }
}
