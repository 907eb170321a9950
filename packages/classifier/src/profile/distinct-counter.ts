/**
 * Bounded distinct counting: exact (a set of 52-bit string hashes — no strings are kept, so
 * no chunk text is retained) up to `cap` values, then a HyperLogLog (p = 14, ~0.8 % error)
 * seeded with everything seen so far.
 */

/** Two independent 32-bit FNV-1a style hashes folded into one 52-bit number. */
export function hash52(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

/**
 * `hash52` of `s.slice(a, b)`, with ASCII letters mapped to upper case (`caseMode` 1) or
 * lower case (`caseMode` 2) first, computed without creating the substring. Equal to
 * `hash52(t)`, `hash52(t.toUpperCase())`, `hash52(t.toLowerCase())` for an ASCII `t`.
 */
export function hash52Range(s: string, a: number, b: number, caseMode: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  if (caseMode === 0) {
    for (let i = a; i < b; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
  } else {
    for (let i = a; i < b; i++) {
      let c = s.charCodeAt(i);
      if (caseMode === 1) {
        if (c >= 97 && c <= 122) c -= 32;
      } else if (c >= 65 && c <= 90) c += 32;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

const TWO_POW_MINUS_20 = 1 / 0x100000;

/** A {@link DistinctCounter} as plain data. */
export interface DistinctState {
  cap: number;
  size: number;
  t: Uint32Array | null;
  hll: Uint8Array | null;
}

/** Batch size, and the table size (in 32-bit words: 256 KB) from which inserts are batched. */
const PEND = 64;
const PEND_FROM = 1 << 16;

const P = 14;
const M = 1 << P;

export class DistinctCounter {
  // Exact phase: open addressing over one Uint32Array of slot pairs [hi 32 bits, lo 20 bits + 1]
  // (lo 0 = empty slot); the pair shares a cache line, so a probe costs one memory access.
  private t: Uint32Array | null = new Uint32Array(128);
  private size = 0;
  private hll: Uint8Array | null = null;
  /**
   * Hashes not inserted yet. Once the table outgrows the CPU caches each insert is a cache
   * miss; inserting a batch in a tight loop lets the misses overlap. Every reader inserts the
   * batch first, in order: the state is the one inserting each hash at once gives.
   */
  private pend: Float64Array | null = null;
  private npend = 0;

  constructor(readonly cap = 200_000) {}

  add(s: string): void {
    this.addHash(hash52(s));
  }

  addHash(h: number): void {
    if (this.hll === null && this.pend !== null) {
      this.pend[this.npend++] = h;
      if (this.npend === PEND) this.settle();
      return;
    }
    this.insert(h);
  }

  /** Inserts the pending batch. */
  private settle(): void {
    const p = this.pend;
    const n = this.npend;
    if (p === null || n === 0) return;
    this.npend = 0;
    for (let k = 0; k < n; k++) this.insert(p[k]);
  }

  private insert(h: number): void {
    // h = hi * 2^20 + lo20 (h < 2^52). Scaling by a power of two and subtracting are exact
    // and avoid the floating-point remainder (a slow library call for values above 2^31).
    const hiD = Math.floor(h * TWO_POW_MINUS_20);
    const hi = hiD >>> 0;
    const lo20 = h - hiD * 0x100000;
    if (this.hll !== null) {
      this.hllAdd(hi, lo20);
      return;
    }
    const T = this.t as Uint32Array;
    const mask = (T.length >> 1) - 1;
    const lo = lo20 + 1;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    for (;;) {
      const l = T[2 * i + 1];
      if (l === 0) break;
      if (l === lo && T[2 * i] === hi) return;
      i = (i + 1) & mask;
    }
    T[2 * i] = hi;
    T[2 * i + 1] = lo;
    this.size++;
    if (this.size > this.cap) this.toHll();
    else if (this.size * 4 > T.length) this.grow();
  }

  /** True once the count is an estimate. */
  get estimated(): boolean {
    this.settle();
    return this.hll !== null;
  }

  get count(): number {
    this.settle();
    if (!this.hll) return this.size;
    const reg = this.hll;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      sum += 2 ** -reg[i];
      if (reg[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / M);
    let e = (alpha * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) e = M * Math.log(M / zeros);
    return Math.round(e);
  }

  /** Adds everything `other` has seen. */
  merge(other: DistinctCounter): void {
    this.settle();
    other.settle();
    if (!other.hll) {
      other.forEachHash((h) => this.addHash(h));
      return;
    }
    if (!this.hll) this.toHll();
    const a = this.hll as Uint8Array;
    const b = other.hll;
    for (let i = 0; i < M; i++) if (b[i] > a[i]) a[i] = b[i];
  }

  /** Everything this counter holds, as plain data (posted between threads). */
  toState(): DistinctState {
    this.settle();
    return { cap: this.cap, size: this.size, t: this.t, hll: this.hll };
  }

  /** A counter holding what {@link toState} described. */
  static fromState(st: DistinctState): DistinctCounter {
    const d = new DistinctCounter(st.cap);
    d.t = st.t;
    d.size = st.size;
    d.hll = st.hll;
    if (st.t !== null && st.t.length >= PEND_FROM) d.pend = new Float64Array(PEND);
    return d;
  }

  /**
   * The counter's content independent of insertion order: the sorted hashes while exact,
   * else the HyperLogLog registers (tests compare counters fed in different orders with it).
   */
  canonical(): string {
    this.settle();
    if (this.hll) return `hll:${Array.from(this.hll).join(',')}`;
    const hs: number[] = [];
    this.forEachHash((h) => hs.push(h));
    return `exact:${hs.sort((a, b) => a - b).join(',')}`;
  }

  private forEachHash(f: (h: number) => void): void {
    const T = this.t as Uint32Array;
    for (let i = 1; i < T.length; i += 2) if (T[i] !== 0) f(T[i - 1] * 0x100000 + (T[i] - 1));
  }

  private grow(): void {
    const T = this.t as Uint32Array;
    const N = new Uint32Array(T.length * 2);
    const mask = (N.length >> 1) - 1;
    for (let j = 1; j < T.length; j += 2) {
      const l = T[j];
      if (l === 0) continue;
      const h = T[j - 1];
      let i = (h ^ Math.imul(l, 0x9e3779b1)) & mask;
      while (N[2 * i + 1] !== 0) i = (i + 1) & mask;
      N[2 * i] = h;
      N[2 * i + 1] = l;
    }
    this.t = N;
    if (N.length >= PEND_FROM && this.pend === null) this.pend = new Float64Array(PEND);
  }

  private toHll(): void {
    this.hll = new Uint8Array(M);
    const T = this.t as Uint32Array;
    this.t = null;
    for (let i = 1; i < T.length; i += 2) if (T[i] !== 0) this.hllAdd(T[i - 1], T[i] - 1);
  }

  private hllAdd(hi: number, lo20: number): void {
    const idx = lo20 & (M - 1);
    const rank = hi === 0 ? 33 : Math.clz32(hi) + 1;
    const reg = this.hll as Uint8Array;
    if (rank > reg[idx]) reg[idx] = rank;
  }
}

/**
 * Counts occurrences per key hash in an open-addressing table of typed arrays (no
 * per-entry objects): exact up to `cap` distinct keys; later new keys are only estimated.
 */
export class CountTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private counts: Uint32Array;
  private mask: number;
  size = 0;
  overflowRows = 0;
  readonly all = new DistinctCounter(0);

  constructor(readonly cap = 1_000_000) {
    const n = 1 << 12;
    this.hi = new Uint32Array(n);
    this.lo = new Uint32Array(n);
    this.counts = new Uint32Array(n);
    this.mask = n - 1;
  }

  get overflowed(): boolean {
    return this.overflowRows > 0;
  }

  add(h: number, by = 1): void {
    this.all.addHash(h);
    const hiD = Math.floor(h * TWO_POW_MINUS_20); // as in DistinctCounter.addHash
    const hi = hiD >>> 0;
    const lo = h - hiD * 0x100000 + 1; // never 0: 0 marks an empty slot
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const c = this.counts[i];
      if (c === 0) break;
      if (this.hi[i] === hi && this.lo[i] === lo) {
        this.counts[i] = c + by;
        return;
      }
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.cap) {
      this.overflowRows += by;
      return;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.counts[i] = by;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  /** Smallest and largest class sizes among the exact classes. */
  minMax(): [number, number] {
    let min = Infinity;
    let max = 0;
    for (let i = 0; i <= this.mask; i++) {
      const c = this.counts[i];
      if (c === 0) continue;
      if (c < min) min = c;
      if (c > max) max = c;
    }
    return [min === Infinity ? 0 : min, max];
  }

  private grow(): void {
    const { hi, lo, counts } = this;
    const n = (this.mask + 1) * 2;
    this.hi = new Uint32Array(n);
    this.lo = new Uint32Array(n);
    this.counts = new Uint32Array(n);
    this.mask = n - 1;
    for (let j = 0; j < counts.length; j++) {
      if (counts[j] === 0) continue;
      let i = (hi[j] ^ Math.imul(lo[j], 0x9e3779b1)) & this.mask;
      while (this.counts[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.counts[i] = counts[j];
    }
  }
}
