import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EnforcementTargets } from '../enforcement/enforcement-targets.js';
import { GrantLifecycleService } from './grant-lifecycle.service.js';

/** A freeze on a grant locks it through GrantLifecycleService (it waits for a delivery streaming through it). */
@Injectable()
export class RegisterGrantFreezeTarget implements OnModuleInit {
  constructor(
    private readonly targets: EnforcementTargets,
    private readonly grants: GrantLifecycleService,
  ) {}

  onModuleInit(): void {
    this.targets.registerGrantLock((manager, id) => this.grants.lockWithManager(manager, id));
  }
}
