import type { Exchange, Transport, TransportRequest, TransportResponse } from "./transport.js";

/** The part of the `fetch` API the client uses: any `fetch`-compatible function fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  text(): Promise<string>;
}>;

/** A transport over a caller's `fetch` (other runtimes, instrumentation, an in-process emulator). */
export class FetchTransport implements Transport {
  readonly #fetch: FetchLike;

  constructor(fetch: FetchLike) {
    this.#fetch = fetch;
  }

  send(request: TransportRequest): Exchange {
    const controller = new AbortController();
    let cancel!: (reason: unknown) => void;
    // A fetch that ignores its signal (an in-process handler, some runtimes) must not hold the call: the
    // exchange settles with the abort at once, whatever the fetch does later.
    const cancelled = new Promise<never>((_, reject) => {
      cancel = reject;
    });
    return {
      response: Promise.race([this.#exchange(request, controller.signal), cancelled]),
      abort: (reason) => {
        controller.abort(reason);
        cancel(reason);
      },
    };
  }

  async #exchange(request: TransportRequest, signal: AbortSignal): Promise<TransportResponse> {
    const init: Parameters<FetchLike>[1] = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const response = await this.#fetch(request.target.href, init);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { statusCode: response.status, headers, rawBody: await response.text() };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
