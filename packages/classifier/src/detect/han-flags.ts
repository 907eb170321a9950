/**
 * Bit flags per CJK ideograph (U+4E00–U+9FFF), for cheap gating before any regex. The
 * identifier scanner ORs them over a value while it visits its characters anyway, so the
 * column-level text detectors need not walk the value again.
 */
export const HAN_BASE = 0x4e00;
export const HAN = new Uint8Array(0x9fff - 0x4e00 + 1);
export const F_ADDRESS = 1;
export const F_HEALTH_FIRST = 2;
export const F_ADMIN = 4;
export const F_ROAD = 8;
export const F_BUILDING = 16;
export const F_UNIT = 32;
export const F_ROOM = 64;
/** Last character of a place name of the district-level lists (see value-detectors.ts). */
export const F_PLACE_LAST = 128;

/** The same flags indexed by UTF-16 code unit (0 outside the ideograph block): no range check needed. */
export const HAN16 = new Uint8Array(65536);

export function flagHan(chars: string, f: number): void {
  for (const ch of chars) {
    HAN[ch.charCodeAt(0) - HAN_BASE] |= f;
    HAN16[ch.charCodeAt(0)] |= f;
  }
}
flagHan('路街巷弄号栋幢室座单', F_ADDRESS);
flagHan('路街巷弄道同', F_ROAD);
flagHan('栋幢楼座', F_BUILDING);
flagHan('单', F_UNIT);
flagHan('室', F_ROOM);
flagHan('省市区县州盟旗', F_ADMIN);

/** OR of the flags of all characters of `v`. */
export function hanFlags(v: string): number {
  let f = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) - HAN_BASE;
    if (c >= 0 && c < HAN.length) f |= HAN[c];
  }
  return f;
}
