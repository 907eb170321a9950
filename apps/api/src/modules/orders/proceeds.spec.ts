import { describe, expect, it } from '@jest/globals';
import type { Holding } from '@eastlake/compliance';
import { assessProceeds, proceedsRefusalMessage } from './proceeds.js';

const none = (proceedsFen = 0, insider = false): Holding => ({ items: { WHEREABOUTS_CREDIT_PROPERTY: 0, HEALTH_TRANSACTION: 0, OTHER: 0 }, proceedsFen, insider });

describe('assessProceeds (Art. 5 para. 1 (7), (8))', () => {
  it('lets ¥4,999.99 of unlawful proceeds through and refuses the order that reaches ¥5,000', () => {
    expect(assessProceeds(none(), 499_999, false).refused).toBe(false);
    expect(assessProceeds(none(), 499_999, false).position.level).toBe('NONE');
    const at = assessProceeds(none(), 500_000, false);
    expect(at.refused).toBe(true);
    expect(at.position.level).toBe('SERIOUS');
    expect(at.position.by).toEqual(['PROCEEDS']);
  });

  it('sums over the seller’s history: ¥4,000 on record and a ¥999.99 order pass, a ¥1,000 order does not', () => {
    expect(assessProceeds(none(400_000), 99_999, false).refused).toBe(false);
    expect(assessProceeds(none(400_000), 100_000, false).refused).toBe(true);
  });

  it('halves the standard for insiders: ¥2,499.99 passes, ¥2,500 is refused', () => {
    expect(assessProceeds(none(0, true), 249_999, false).refused).toBe(false);
    const at = assessProceeds(none(0, true), 250_000, false);
    expect(at.refused).toBe(true);
    expect(proceedsRefusalMessage(at, 250_000)).toContain('¥2,500.00');
    expect(proceedsRefusalMessage(at, 250_000)).toContain('insider');
  });

  it('reaches "especially serious" at ¥50,000 (¥49,999.99 is only serious)', () => {
    expect(assessProceeds(none(), 4_999_999, false).position.level).toBe('SERIOUS');
    expect(assessProceeds(none(), 5_000_000, false).position.level).toBe('ESPECIALLY_SERIOUS');
  });

  it('never counts a lawful sale or a free grant', () => {
    expect(assessProceeds(none(), 10_000_000, true)).toMatchObject({ refused: false, after: { proceedsFen: 0 } });
    expect(assessProceeds(none(600_000), 0, false).refused).toBe(false);
  });
});
