import type { TransactionKind } from '../graphql/generated';
import type { MessageKey } from './i18n';

export const KINDS: TransactionKind[] = ['REQUEST', 'GRANT', 'DELIVERY'];
export const TX_STATUSES = [
  'PENDING',
  'APPROVED',
  'DENIED',
  'REFUSED',
  'ACTIVE',
  'EXPIRED',
  'REVOKED',
  'SUSPENDED',
  'DELIVERED',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isKind(v: string | null): v is TransactionKind {
  return v !== null && (KINDS as string[]).includes(v);
}

/** A yyyy-mm-dd date as the start of that day (UTC), or of the next day for an end date. */
export function dayBound(date: string, end = false): string | undefined {
  if (!DATE.test(date)) return undefined;
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (end) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** A status the API names (request, grant or delivery), in words when we know it. */
export function statusLabel(t: (key: MessageKey) => string, status: string): string {
  const key = `tx.status.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}
