/**
 * The listeners of one kind of news. Each is called with a copy of the set taken when the news
 * came, and one that throws stops neither the others nor the code that had the news to tell.
 */
export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  /** How many listen. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls every listener with the value. */
  notify(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch {
        // Its failure is its own: the other listeners and the caller go on.
      }
    }
  }
}
