/**
 * Seeded randomness for the generator: the same seed gives the same data, byte for byte, on any
 * machine (no Math.random, no clock, no iteration over unordered maps). Streams are derived from
 * names (`Random.derive(seed, 'entities', 'Enterprise', i)`), so each entity and each relation
 * rule draws from its own stream and a change to one rule leaves the others' output unchanged.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static derive(seed: number, ...parts: (string | number)[]): Random {
    return new Random(hashParts(seed, parts));
  }

  /** mulberry32: a 32-bit state, uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** floor(mean) or one more, so the average is `mean` (low variance: one LOCATED_IN per firm). */
  countAround(mean: number): number {
    const base = Math.floor(mean);
    return base + (this.chance(mean - base) ? 1 : 0);
  }

  /**
   * A heavy-tailed count with the given mean (discrete Pareto, shape 1.5): most draw a few, some
   * draw hundreds — the long tail of funds' investments or institutes' licences. Capped at `max`.
   */
  paretoCount(mean: number, max: number): number {
    const shape = 1.5;
    const scale = (mean * (shape - 1)) / shape;
    return Math.min(max, Math.floor(scale / Math.pow(1 - this.next(), 1 / shape)));
  }

  /** Log-uniform in [min, max]: amounts spread over orders of magnitude. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }
}

/** FNV-1a over the parts, mixed with the seed: a 32-bit stream id. */
export function hashParts(seed: number, parts: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const part of parts) {
    const text = `${part}\u0000`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Draws ranks 0..n-1 with P(rank k) ∝ 1/(k+1)^s: s = 0 is uniform, s ≈ 1 gives a few hubs and a
 * long tail. The cumulative table is built once per (n, s) and searched by bisection.
 */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) this.cdf[k] = total += 1 / Math.pow(k + 1, s);
  }

  /** A rank in [0, limit) (default n): a prefix keeps a tree's parents before their children. */
  draw(random: Random, limit = this.n): number {
    const target = random.next() * this.cdf[limit - 1]!;
    let lo = 0;
    let hi = limit - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
