import { addToHolding, formatFen, tierPosition, type Holding, type TierPosition } from '@eastlake/compliance';

/** What recording an order would do to the seller's proceeds (2017 SPC/SPP interpretation Art. 5 para. 1 (7), (8)). */
export interface ProceedsAssessment {
  before: Holding;
  after: Holding;
  position: TierPosition;
  /** The order adds proceeds without a lawful basis and leaves the seller at or past a tier. */
  refused: boolean;
}

/**
 * Proceeds count when the data sold holds personal information without a lawful basis on record
 * (consent covering every row for the purpose): an order of `amountFen` that would take the
 * seller's unlawful proceeds to ¥5,000 (¥2,500 for an insider; ten times for "especially
 * serious") is refused before it is recorded. A lawful sale adds nothing.
 */
export function assessProceeds(before: Holding, amountFen: number, lawful: boolean): ProceedsAssessment {
  const after = lawful || amountFen === 0 ? before : addToHolding(before, { proceedsFen: amountFen });
  const position = tierPosition(after);
  return { before, after, position, refused: !lawful && amountFen > 0 && position.level !== 'NONE' };
}

/** The figures of a proceeds refusal, for the buyer and the provider. */
export function proceedsRefusalMessage(a: ProceedsAssessment, amountFen: number): string {
  const s = a.position.standards;
  const level = a.position.level === 'ESPECIALLY_SERIOUS' ? `"especially serious" (${formatFen(s.proceedsFen * s.factor)})` : `"serious" (${formatFen(s.proceedsFen)})`;
  return (
    `this order of ${formatFen(amountFen)} would take the provider's proceeds from selling personal information without consent on record to ` +
    `${formatFen(a.after.proceedsFen)}${a.after.insider ? ' as an insider (half the standards, Art. 5 para. 1 (8))' : ''}: ${level} under the 2017 SPC/SPP ` +
    `interpretation on personal-information crimes Art. 5 para. 1 (7) (Criminal Law Art. 253-1); it needs consent covering every row for the purpose`
  );
}
