/**
 * The life of one page of the dashboard, from the router drawing it to the reader going to another. A page's loads
 * and polls can answer after that: each checks `current` before it draws into main (it would replace the page the
 * reader went to), and what the page opened — event streams, timers, polls — is ended when it is left.
 */
export class View {
  #current = true;
  #cleanups = new Set();

  /** False once the reader has gone to another page: nothing of this one may draw any more. */
  get current() { return this.#current; }

  /** Runs cleanup when the page is left (at once if it has been). */
  onLeave(cleanup) {
    if (this.#current) this.#cleanups.add(cleanup);
    else cleanup();
  }

  /** Calls fn after ms, unless the page has been left by then. */
  later(fn, ms) {
    const cancel = () => clearTimeout(timer);
    const timer = setTimeout(() => {
      this.#cleanups.delete(cancel);
      if (this.#current) fn();
    }, ms);
    this.onLeave(cancel);
  }

  /** Calls fn every ms until the page is left. */
  every(fn, ms) {
    const timer = setInterval(fn, ms);
    this.onLeave(() => clearInterval(timer));
  }

  /** Ends the page: its pending loads draw nothing, its streams and timers stop. The router calls it before the next page. */
  leave() {
    this.#current = false;
    for (const cleanup of this.#cleanups) cleanup();
    this.#cleanups.clear();
  }
}
