/**
 * A bounded map that forgets the least recently used entries first, bounded both in entries and in
 * total weight (an estimate of each entry's size, so a few very large values cannot hold a lot of
 * memory). A Map keeps insertion order, so a hit is moved to the end (delete + set) and the first
 * key is always the oldest one.
 * Used for data that never changes once written (definition versions, plans built from them): the
 * bounds only cap memory, they never decide correctness.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new Error(`Lru maxEntries must be a positive integer, got ${maxEntries}`);
    if (!(maxWeight > 0)) throw new Error(`Lru maxWeight must be positive, got ${maxWeight}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.totalWeight;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Looks without counting as a use (the entry keeps its place). */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores a value; one heavier than maxWeight on its own is not kept at all. */
  set(key: K, value: V, weight = 1): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    while (this.entries.size > this.maxEntries || this.totalWeight > this.maxWeight)
      this.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
    return true;
  }

  /** Drops every entry whose key matches (e.g. all versions of one pipeline). */
  deleteWhere(match: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (match(key)) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }
}
