import type { Exchange, Transport, TransportRequest } from "./transport.js";

/**
 * A transport whose module is loaded on the first request, so a client that never uses the built-in
 * transport (it was given `fetch`) never imports undici. After the first load it forwards each call directly.
 */
export class LazyTransport implements Transport {
  readonly #load: () => Promise<Transport>;
  #loading: Promise<Transport> | undefined;
  #transport: Transport | undefined;

  constructor(load: () => Promise<Transport>) {
    this.#load = load;
  }

  send(request: TransportRequest): Exchange {
    if (this.#transport !== undefined) return this.#transport.send(request);
    let inner: Exchange | undefined;
    let abortReason: { reason: unknown } | undefined;
    let rejectEarly: (reason: unknown) => void = () => {};
    const response = new Promise<Awaited<Exchange["response"]>>((resolve, reject) => {
      rejectEarly = reject;
      this.#get().then((transport) => {
        if (abortReason !== undefined) return;
        inner = transport.send(request);
        inner.response.then(resolve, reject);
      }, reject);
    });
    return {
      response,
      abort(reason) {
        if (inner !== undefined) return inner.abort(reason);
        abortReason = { reason };
        rejectEarly(reason);
      },
    };
  }

  ready(): Promise<void> | undefined {
    if (this.#transport !== undefined) return undefined;
    // A failed load is reported by the exchange that needs it, as that request's failure.
    return this.#get().then(
      () => {},
      () => {},
    );
  }

  async close(): Promise<void> {
    if (this.#loading === undefined) return;
    await (await this.#loading).close();
  }

  #get(): Promise<Transport> {
    this.#loading ??= this.#load().then((transport) => {
      this.#transport = transport;
      return transport;
    });
    return this.#loading;
  }
}
