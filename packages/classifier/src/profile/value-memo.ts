/**
 * A bounded per-column memo of what observing a short value found, looked up with the value's
 * text in place (the range of the decoded chunk): a hit creates no substring. Keys are flat
 * copies, so the memo never keeps a chunk alive. Exact: a hit compares every code unit.
 */

/** What {@link ColumnProfile} observed for one value: a pure function of the value and the column. */
export interface Observation {
  /** Identifier kinds found (bit per {@link Id}), including in decoded base64/hex text. */
  mask: number;
  /** Digit-only length, or -1. */
  digitLen: number;
  /** The value after v2 normalisation, when it changed; else null. */
  norm: string | null;
  /** The value has an ideograph or an ASCII letter (the text detectors ran). */
  text: boolean;
  /** Text-detector bits (column-profile.ts T_…). */
  textBits: number;
  decoded: boolean;
  opaque: boolean;
  timestamp: boolean;
  /** The value the text detectors saw (normalised or decoded), kept only when the column needs it again. */
  seen: string;
}

export function newObservation(): Observation {
  return {
    mask: 0,
    digitLen: -1,
    norm: null,
    text: false,
    textBits: 0,
    decoded: false,
    opaque: false,
    timestamp: false,
    seen: '',
  };
}

const BITS = 13; // 8192 slots for at most 4096 entries: probes stay short

/** FNV-1a over `s[a, b)`. */
export function hashRange(s: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class ValueMemo {
  private readonly keys: (string | null)[] = new Array<string | null>(1 << BITS).fill(null);
  private readonly hashes = new Uint32Array(1 << BITS);
  private readonly values: (Observation | null)[] = new Array<Observation | null>(1 << BITS).fill(
    null,
  );
  size = 0;

  constructor(readonly maxEntries: number) {}

  /** The observation stored for the value `s[a, b)` (whose {@link hashRange} is `h`), or null. */
  get(s: string, a: number, b: number, h: number): Observation | null {
    const mask = (1 << BITS) - 1;
    const len = b - a;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i];
      if (k === null) return null;
      if (this.hashes[i] === h && k.length === len) {
        let j = 0;
        while (j < len && k.charCodeAt(j) === s.charCodeAt(a + j)) j++;
        if (j === len) return this.values[i];
      }
    }
  }

  /** Stores `o` for the value `key` (a flat string) with hash `h`; ignored once full. */
  set(key: string, h: number, o: Observation): void {
    if (this.size >= this.maxEntries) return;
    const mask = (1 << BITS) - 1;
    let i = h & mask;
    while (this.keys[i] !== null) i = (i + 1) & mask;
    this.keys[i] = key;
    this.hashes[i] = h;
    this.values[i] = o;
    this.size++;
  }
}
