import { assertCanonicalValue, canonicalJson, type CanonicalValue } from './canonical-json.js';
import { hashLeafUtf8 } from './hasher.js';
import { LedgerException, LedgerExceptionCode } from './ledger.exception.js';

/** Who caused a state change. `userId`/`organizationId` are null for system actions. */
export interface LedgerActor {
  userId: string | null;
  organizationId: string | null;
  role: string;
}

/** What a state change is about, e.g. `{type: "Dataset", id: "…"}`. */
export interface LedgerSubject {
  type: string;
  id: string;
}

/**
 * One audit ledger entry (the export contract). Its leaf hash is
 * `SHA-256(0x00 ‖ UTF-8(RFC 8785 canonical JSON of the entry))`.
 */
export interface LedgerEntry {
  /** 1-based position in the ledger; leaf index is `seq - 1`. */
  seq: number;
  /** ISO-8601 timestamp string, e.g. `2025-01-31T12:00:00.000Z`. */
  at: string;
  actor: LedgerActor;
  /** Dotted action name, e.g. `dataset.published`. */
  action: string;
  subject: LedgerSubject;
  /** Action details: strings, integers, booleans, nulls, arrays, objects — never floats. */
  data: { [key: string]: CanonicalValue };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(why: string): never {
  throw new LedgerException(LedgerExceptionCode.INVALID_ENTRY, why);
}

/** Checks the contract shape of an entry, not the values inside `data`. */
function assertEntryShape(value: unknown): asserts value is Record<string, unknown> {
  if (!isObject(value)) invalid('entry must be a JSON object');
  const { seq, at, actor, action, subject, data } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    invalid('entry.seq must be a positive integer');
  }
  if (typeof at !== 'string' || !ISO_8601.test(at)) {
    invalid('entry.at must be an ISO-8601 date-time string');
  }
  if (!isObject(actor)) invalid('entry.actor must be an object {userId, organizationId, role}');
  for (const key of ['userId', 'organizationId'] as const) {
    if (actor[key] !== null && typeof actor[key] !== 'string') {
      invalid(`entry.actor.${key} must be a string or null`);
    }
  }
  if (typeof actor.role !== 'string') invalid('entry.actor.role must be a string');
  if (typeof action !== 'string' || action.length === 0) {
    invalid('entry.action must be a non-empty string');
  }
  if (!isObject(subject) || typeof subject.type !== 'string' || typeof subject.id !== 'string') {
    invalid('entry.subject must be an object {type, id} of strings');
  }
  if (!isObject(data)) invalid('entry.data must be an object');
}

/**
 * Checks that `value` has the ledger entry contract shape and holds only canonical JSON
 * values; returns it typed. Extra top-level keys are allowed (and hashed).
 * @throws LedgerException `INVALID_ENTRY` or `NON_CANONICAL_VALUE`
 */
export function assertLedgerEntry(value: unknown): LedgerEntry {
  assertEntryShape(value);
  assertCanonicalValue(value, 'entry');
  return value as unknown as LedgerEntry;
}

/**
 * RFC 8785 canonical JSON text of an entry, after checking its shape and values.
 * @throws LedgerException `INVALID_ENTRY` or `NON_CANONICAL_VALUE`
 */
export function canonicalEntry(entry: unknown): string {
  assertEntryShape(entry);
  return canonicalJson(entry, 'entry');
}

/**
 * Leaf hash of an entry: `SHA-256(0x00 ‖ UTF-8(canonical JSON))`.
 * @throws LedgerException when the entry is malformed or holds non-canonical values.
 */
export function entryLeafHash(entry: unknown): Uint8Array {
  return hashLeafUtf8(canonicalEntry(entry));
}
