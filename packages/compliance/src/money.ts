/**
 * Amounts are integers of fen (1 CNY = 100 fen): the ledger carries no floats, and a price
 * times a record count must not drift. The platform records orders; it does not move money.
 */

/** How a listing is priced. */
export type PriceModel = 'PER_DELIVERY' | 'PER_RECORD' | 'PER_QUERY';

/** A listing's price: `amountFen` per delivery, per record delivered, or per query answered. */
export interface Price {
  model: PriceModel;
  amountFen: number;
  currency: 'CNY';
}

/** What an order is for: one delivery of `records` rows, or `queries` answered queries. */
export interface OrderQuantity {
  records?: number;
  queries?: number;
}

/** Thrown for an amount that is not a whole, non-negative, safe number of fen. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

function checkFen(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new MoneyError(`${what} must be a whole, non-negative number of fen (got ${value})`);
  return value;
}

/**
 * Parses a yuan amount as a person writes it (`5000`, `5,000.5`, `¥4,999.99`, `￥12`) into fen.
 * At most two decimals; no floating-point arithmetic is involved.
 */
export function parseYuan(text: string): number {
  const cleaned = text.trim().replace(/^[¥￥]\s*/, '').replace(/,(?=\d{3}(?:\D|$))/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) throw new MoneyError(`"${text}" is not an amount in yuan (e.g. 5000 or ¥4,999.99)`);
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return checkFen(fen, 'the amount');
}

/** Formats fen as yuan with two decimals and thousands separators: 500000 → "¥5,000.00". */
export function formatFen(fen: number): string {
  checkFen(fen, 'the amount');
  const yuan = Math.floor(fen / 100).toLocaleString('en-US');
  return `¥${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** The amount of one order at `price`, in fen (per record × records, per query × queries, or flat). */
export function orderAmountFen(price: Price, quantity: OrderQuantity = {}): number {
  checkFen(price.amountFen, 'the price');
  const times = price.model === 'PER_RECORD' ? (quantity.records ?? 0) : price.model === 'PER_QUERY' ? (quantity.queries ?? 0) : 1;
  checkFen(times, price.model === 'PER_RECORD' ? 'the record count' : 'the query count');
  return checkFen(price.amountFen * times, 'the order amount');
}
