// Delivery ids this process has handled recently. A redelivery is mostly caught by the committed
// truth (idempotent steps, the App's reactions); this only saves the API calls of finding out.

export class RecentSet {
  readonly #items = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    if (this.#items.has(id)) return false;
    this.#items.add(id);
    // Sets iterate in insertion order: the first one is the oldest.
    if (this.#items.size > this.capacity) this.#items.delete(this.#items.values().next().value as string);
    return true;
  }

  delete(id: string): void {
    this.#items.delete(id);
  }
}
