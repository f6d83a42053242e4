/**
 * An open-addressing hash table from exact integer keys below 2^53 to int32 values. The term
 * keys of the featurizer are larger than V8's small integers, and a `Map` of such numbers hashes
 * each through a heap number, several times slower than this table of typed arrays.
 *
 * @example const t = new KeyTable(); t.add(2 ** 40, 1); t.get(2 ** 40) // 1
 */
export class KeyTable {
  private keys: Float64Array;
  private values: Int32Array;
  private used: Uint8Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(capacityHint = 1024) {
    let capacity = 16;
    while (capacity < capacityHint * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  private slot(key: number): number {
    // Fibonacci hashing of the low 32 bits, mixed with the high ones.
    const low = key >>> 0;
    const high = (key / 4294967296) >>> 0;
    let s = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    while (this.used[s] === 1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    return s;
  }

  /** The value of a key, or -1 when absent. */
  get(key: number): number {
    const s = this.slot(key);
    return this.used[s] === 1 ? this.values[s]! : -1;
  }

  /** Adds `amount` to the value of a key (absent keys start at 0); returns the new value. */
  add(key: number, amount: number): number {
    const s = this.slot(key);
    if (this.used[s] === 1) {
      this.values[s] += amount;
      return this.values[s]!;
    }
    this.used[s] = 1;
    this.keys[s] = key;
    this.values[s] = amount;
    this.size++;
    if (this.size * 2 > this.keys.length) this.grow();
    return amount;
  }

  /** Sets the value of a key. */
  set(key: number, value: number): void {
    const s = this.slot(key);
    if (this.used[s] !== 1) {
      this.used[s] = 1;
      this.keys[s] = key;
      this.size++;
      this.values[s] = value;
      if (this.size * 2 > this.keys.length) this.grow();
      return;
    }
    this.values[s] = value;
  }

  /** Calls `fn` for every entry, in slot order. */
  forEach(fn: (key: number, value: number) => void): void {
    for (let s = 0; s < this.keys.length; s++)
      if (this.used[s] === 1) fn(this.keys[s]!, this.values[s]!);
  }

  private grow(): void {
    const { keys, values, used } = this;
    const capacity = keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.shift--;
    this.size = 0;
    for (let s = 0; s < keys.length; s++) if (used[s] === 1) this.set(keys[s]!, values[s]!);
  }
}
