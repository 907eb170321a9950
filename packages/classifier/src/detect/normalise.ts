/**
 * v2 normalisation before detection (CLASSIFIER.md "Values and types"): Unicode NFKC
 * (full-width digits and letters, `＋`, brackets and the ideographic space become ASCII),
 * then zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and soft hyphens removed.
 * Counts and masks refer to the original values; only detection sees the normalised text.
 */

/** Code units removed after NFKC. */
export const ZERO_WIDTH: readonly number[] = [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad];
const ZW_RE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** The value detection sees: NFKC, zero-width characters and soft hyphens removed. */
export function normaliseValue(v: string): string {
  return v.normalize('NFKC').replace(ZW_RE, '');
}
