import type { CanonicalValue, LedgerActor } from '@eastlake/ledger';

/** The ledger entry an event stands for. */
export interface DomainEventEntry<A extends string = string> {
  action: A;
  actor: LedgerActor;
  subject: { type: string; id: string };
  data: { [key: string]: CanonicalValue };
}

/**
 * A change one module made that others react to in the same transaction. The class is the
 * event's type (subscribers register for it); `action` is its ledger action as a literal
 * type, so an event cannot be recorded under a free string; `entry()` is what the ledger
 * keeps. Fields beyond the entry are for subscribers and never reach the ledger.
 */
export abstract class DomainEvent<A extends string = string> {
  abstract readonly action: A;
  abstract entry(): DomainEventEntry<A>;
}

/** A constructor of events of type E (what subscribers register for). */
export type DomainEventType<E extends DomainEvent> = abstract new (...args: never[]) => E;
