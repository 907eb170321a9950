import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-in counters per account and per IP, shared by every API process. */
@Entity({ name: 'login_throttle' })
export class LoginThrottle {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt: Date;
}
