// Issue bodies have no compare-and-swap, and a state commit that loses a race costs a re-read.
// Within one process, work on the same key (an issue, a state file) runs one at a time; work
// on different keys still runs in parallel.

export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `work` once every earlier call with the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    // The chain must not reject, or the next caller would inherit this caller's error.
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await current;
    } finally {
      // Forget keys nobody waits on, so long-running servers do not grow the map forever.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
