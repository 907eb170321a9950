import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type TargetLock = (manager: EntityManager, id: string) => Promise<unknown>;

/**
 * The locks of freeze targets other modules own, registered by them (`onModuleInit`): access
 * registers GRANT (enforcement sits below access, which reads freezes at every request and
 * delivery, so it cannot import access's services).
 */
@Injectable()
export class EnforcementTargets {
  private grantLock: TargetLock | null = null;

  registerGrantLock(lock: TargetLock): void {
    if (this.grantLock) throw new Error('the lock of a GRANT target is registered twice');
    this.grantLock = lock;
  }

  /** Locks the grant (NOT_FOUND when there is none, from its owner). */
  async lockGrantWithManager(manager: EntityManager, id: string): Promise<void> {
    if (!this.grantLock) throw new Error('no module registered the lock of a GRANT target');
    await this.grantLock(manager, id);
  }
}
