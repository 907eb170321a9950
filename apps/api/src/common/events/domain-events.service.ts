import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { LedgerService } from '../../modules/ledger/ledger.service.js';
import type { DomainEvent, DomainEventType } from './domain-event.js';

export type DomainEventHandler<E extends DomainEvent> = (manager: EntityManager, event: E) => Promise<void>;

/**
 * The one dispatcher of domain events. `emit(manager, event)` appends the event's ledger
 * entry and runs every subscriber on the caller's `manager`, in registration order, so the
 * change, its entry and every reaction commit together or not at all: a subscriber that
 * throws rolls the whole transaction back. Subscribers register from their own module
 * (`onModuleInit`), so the emitting module imports none of them.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventType<DomainEvent>, Array<DomainEventHandler<DomainEvent>>>();
  private readonly afterCommitTasks = new WeakMap<QueryRunner, Array<() => Promise<void>>>();

  constructor(
    private readonly ledger: LedgerService,
    dataSource: DataSource,
  ) {
    const tasks = this.afterCommitTasks;
    const subscriber: EntitySubscriberInterface = {
      async afterTransactionCommit(event: TransactionCommitEvent) {
        const queued = tasks.get(event.queryRunner) ?? [];
        tasks.delete(event.queryRunner);
        for (const task of queued) await task();
      },
      afterTransactionRollback(event: TransactionRollbackEvent) {
        tasks.delete(event.queryRunner);
      },
    };
    dataSource.subscribers.push(subscriber);
  }

  /** Registers `handler` for events of `type` (and of its subclasses). */
  on<E extends DomainEvent>(type: DomainEventType<E>, handler: DomainEventHandler<E>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as DomainEventHandler<DomainEvent>);
    this.handlers.set(type, list);
  }

  /** Records `event` in the ledger and runs its subscribers, all inside the caller's transaction. */
  async emit(manager: EntityManager, event: DomainEvent): Promise<void> {
    await this.ledger.append(manager, event.entry());
    for (const [type, handlers] of this.handlers) {
      if (!(event instanceof type)) continue;
      for (const handler of handlers) await handler(manager, event);
    }
  }

  /**
   * Runs `task` once the transaction of `manager` has committed (never when it rolls back):
   * for work outside the database, such as handing a job to the queue.
   */
  afterCommit(manager: EntityManager, task: () => Promise<void>): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('afterCommit needs the manager of an open transaction');
    const list = this.afterCommitTasks.get(runner) ?? [];
    list.push(task);
    this.afterCommitTasks.set(runner, list);
  }
}
