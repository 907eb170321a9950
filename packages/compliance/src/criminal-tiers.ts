/**
 * The quantity and proceeds thresholds of the 2017 SPC/SPP Interpretation on personal-information
 * crimes (最高人民法院、最高人民检察院《关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》),
 * Art. 5, for Criminal Law Art. 253-1, applied to what a buyer organisation has received over its
 * whole history on the exchange:
 *
 * - para. 1 (3): whereabouts, communication content, credit or property information — 50 items;
 * - para. 1 (4): accommodation, communication records, health and physiological, transaction
 *   information — 500 items;
 * - para. 1 (5): other personal information — 5,000 items;
 * - para. 1 (6): below each, but the proportional sum of the three reaches the standard;
 * - para. 1 (7): proceeds of ¥5,000 or more;
 * - para. 1 (8): insiders (information obtained while performing duties or providing services)
 *   — half of (3)–(7);
 * - para. 2 (3): ten times (3)–(8) is "especially serious" (情节特别严重).
 *
 * Arithmetic is exact: items are weighted in units of 1/5,000 of a standard (50 items = 100 units
 * each, 500 = 10, 5,000 = 1), so the proportional sum never rounds.
 */

/** The three classes of Art. 5 para. 1 (3)–(5), named by their item standard. */
export type InfoClass = 'WHEREABOUTS_CREDIT_PROPERTY' | 'HEALTH_TRANSACTION' | 'OTHER';

/** Level of a holding under Art. 5. */
export type TierLevel = 'NONE' | 'SERIOUS' | 'ESPECIALLY_SERIOUS';

/** Items needed for "serious" per class (Art. 5 para. 1 (3)–(5)). */
export const ITEM_STANDARD: Readonly<Record<InfoClass, number>> = {
  WHEREABOUTS_CREDIT_PROPERTY: 50,
  HEALTH_TRANSACTION: 500,
  OTHER: 5000,
};

/** Proceeds needed for "serious", in fen (Art. 5 para. 1 (7): ¥5,000). */
export const PROCEEDS_STANDARD_FEN = 500_000;

/** "Especially serious" is ten times a standard (Art. 5 para. 2 (3)). */
export const ESPECIALLY_SERIOUS_FACTOR = 10;

const UNITS_PER_STANDARD = 5000;
const UNIT_WEIGHT: Readonly<Record<InfoClass, number>> = {
  WHEREABOUTS_CREDIT_PROPERTY: UNITS_PER_STANDARD / 50,
  HEALTH_TRANSACTION: UNITS_PER_STANDARD / 500,
  OTHER: UNITS_PER_STANDARD / 5000,
};

export const INFO_CLASSES: readonly InfoClass[] = ['WHEREABOUTS_CREDIT_PROPERTY', 'HEALTH_TRANSACTION', 'OTHER'];

/** What a buyer holds: distinct items per class, proceeds in fen, and whether it is an insider. */
export interface Holding {
  items: Readonly<Record<InfoClass, number>>;
  proceedsFen: number;
  /** Art. 5 para. 1 (8): obtained while performing duties or providing services — half the standards. */
  insider?: boolean;
}

/** A holding measured against both tiers. */
export interface TierPosition {
  level: TierLevel;
  /** The proportional sum of the three classes, as a fraction of the "serious" standard (1 = reached). */
  quantityShare: number;
  /** Proceeds as a fraction of the "serious" standard. */
  proceedsShare: number;
  /** The standards that apply (halved for insiders), for showing the figures. */
  standards: { items: Record<InfoClass, number>; proceedsFen: number; factor: number };
  /** Which limb reached the level: the quantities (incl. the proportional sum) or the proceeds. */
  by: Array<'QUANTITY' | 'PROCEEDS'>;
}

function count(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole, non-negative number (got ${n})`);
  return n;
}

/** Units of the proportional sum: `UNITS_PER_STANDARD` (or half, for insiders) is "serious". */
function quantityUnits(items: Holding['items']): number {
  return INFO_CLASSES.reduce((sum, c) => sum + count(items[c] ?? 0, `items of ${c}`) * UNIT_WEIGHT[c], 0);
}

/** Measures `holding` against Art. 5: NONE, SERIOUS or ESPECIALLY_SERIOUS, with the shares. */
export function tierPosition(holding: Holding): TierPosition {
  // Halving for insiders is done by doubling the measured side, so every comparison stays integral.
  const scale = holding.insider ? 2 : 1;
  const units = quantityUnits(holding.items) * scale;
  const proceeds = count(holding.proceedsFen, 'proceeds') * scale;
  const levelOf = (value: number, standard: number): TierLevel =>
    value >= standard * ESPECIALLY_SERIOUS_FACTOR ? 'ESPECIALLY_SERIOUS' : value >= standard ? 'SERIOUS' : 'NONE';
  const byQuantity = levelOf(units, UNITS_PER_STANDARD);
  const byProceeds = levelOf(proceeds, PROCEEDS_STANDARD_FEN);
  const rank = (l: TierLevel) => ['NONE', 'SERIOUS', 'ESPECIALLY_SERIOUS'].indexOf(l);
  const level = rank(byQuantity) >= rank(byProceeds) ? byQuantity : byProceeds;
  const by: TierPosition['by'] = [];
  if (level !== 'NONE' && byQuantity === level) by.push('QUANTITY');
  if (level !== 'NONE' && byProceeds === level) by.push('PROCEEDS');
  const half = (n: number) => (holding.insider ? n / 2 : n);
  return {
    level,
    quantityShare: units / UNITS_PER_STANDARD,
    proceedsShare: proceeds / PROCEEDS_STANDARD_FEN,
    standards: {
      items: {
        WHEREABOUTS_CREDIT_PROPERTY: half(ITEM_STANDARD.WHEREABOUTS_CREDIT_PROPERTY),
        HEALTH_TRANSACTION: half(ITEM_STANDARD.HEALTH_TRANSACTION),
        OTHER: half(ITEM_STANDARD.OTHER),
      },
      proceedsFen: half(PROCEEDS_STANDARD_FEN),
      factor: ESPECIALLY_SERIOUS_FACTOR,
    },
    by,
  };
}

/** Adds a delivery (or order) to a holding. */
export function addToHolding(holding: Holding, add: { items?: Partial<Record<InfoClass, number>>; proceedsFen?: number }): Holding {
  const items = { ...holding.items };
  for (const c of INFO_CLASSES) items[c] = count(items[c] ?? 0, `items of ${c}`) + count(add.items?.[c] ?? 0, `added items of ${c}`);
  return { items, proceedsFen: holding.proceedsFen + count(add.proceedsFen ?? 0, 'added proceeds'), insider: holding.insider };
}

/** The tier a step from `before` to `after` crosses, or null when it stays in the same level. */
export function tierCrossed(before: Holding, after: Holding): { from: TierLevel; to: TierLevel; position: TierPosition } | null {
  const from = tierPosition(before).level;
  const position = tierPosition(after);
  const order: TierLevel[] = ['NONE', 'SERIOUS', 'ESPECIALLY_SERIOUS'];
  return order.indexOf(position.level) > order.indexOf(from) ? { from, to: position.level, position } : null;
}

/**
 * The class of Art. 5 para. 1 (3)–(5) that a classifier type belongs to: whereabouts (GEO_TRACE),
 * credit and property (BANK_CARD, STOCK_ACCOUNT) — 50; health (HEALTH) — 500; the rest — 5,000.
 */
export function infoClassOf(piiType: string): InfoClass {
  if (piiType === 'GEO_TRACE' || piiType === 'BANK_CARD' || piiType === 'STOCK_ACCOUNT') return 'WHEREABOUTS_CREDIT_PROPERTY';
  if (piiType === 'HEALTH') return 'HEALTH_TRANSACTION';
  return 'OTHER';
}
