import type { SignalSource } from "./io.js";

type Signal = "SIGINT" | "SIGTERM";
const signals: readonly Signal[] = ["SIGINT", "SIGTERM"];

/**
 * Listens to `source` at once and hands each signal to the listener registered for it, or keeps it until one
 * is: a Ctrl-C that arrives while a server is still starting is not lost (nor does it kill the process the
 * default way, leaving a half-written state behind).
 */
export class SignalRelay implements SignalSource {
  readonly #source: SignalSource;
  readonly #listeners = new Map<Signal, () => void>();
  readonly #pending = new Set<Signal>();
  readonly #handlers = new Map<Signal, () => void>();

  constructor(source: SignalSource) {
    this.#source = source;
    for (const signal of signals) {
      const handler = () => {
        const listener = this.#listeners.get(signal);
        this.#listeners.delete(signal);
        if (listener) listener();
        else this.#pending.add(signal);
      };
      this.#handlers.set(signal, handler);
      source.once(signal, handler);
    }
  }

  once(event: Signal, listener: () => void): this {
    if (this.#pending.delete(event)) queueMicrotask(listener);
    else this.#listeners.set(event, listener);
    return this;
  }

  off(event: Signal, listener: () => void): this {
    if (this.#listeners.get(event) === listener) this.#listeners.delete(event);
    return this;
  }

  /** Stops listening to the source. */
  close(): void {
    for (const [signal, handler] of this.#handlers) this.#source.off(signal, handler);
  }
}
