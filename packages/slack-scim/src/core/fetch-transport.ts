import type { Transport, TransportRequest, TransportResponse } from "./transport.js";

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

  async send(request: TransportRequest): Promise<TransportResponse> {
    const init: Parameters<FetchLike>[1] = {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await this.#fetch(request.url.href, init);
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
