import {
  declaredTooLarge,
  type Exchange,
  responseTooLarge,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.js";

/** A response body as a stream of bytes: what `fetch`'s `Response.body` offers. */
export interface FetchBodyStream {
  /** A reader over the body's chunks. */
  getReader(): {
    /** The next chunk, or `done: true` at the end. */
    read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
    /** Stops reading and lets go of the rest of the body. */
    cancel(reason?: unknown): Promise<void>;
  };
}

/**
 * The part of the `fetch` API the client uses: any `fetch`-compatible function fits. The client asks for
 * `redirect: "manual"` (a redirect is an answer, never followed) and reads `body` as a stream when there is one,
 * so it can stop at `maxResponseBytes`; without `body` it falls back to `text()`.
 */
export type FetchLike = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
    redirect: "manual";
  },
) => Promise<{
  /** HTTP status code. */
  status: number;
  /** Response headers, as `fetch`'s `Headers`. */
  headers: {
    /** Calls `callback` once per header. */
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** The body as a stream, read up to `maxResponseBytes`; `null` or absent when there is none. */
  body?: FetchBodyStream | null;
  /** The whole body as text, used when there is no `body` stream. */
  text(): Promise<string>;
}>;

type FetchResponse = Awaited<ReturnType<FetchLike>>;

// `text()` decodes with a BOM stripped; so does a default TextDecoder, so both paths read a body the same way.
const decoder = new TextDecoder();

async function readBody(
  response: FetchResponse,
  request: TransportRequest,
  statusCode: number,
  headers: Record<string, string>,
): Promise<string> {
  const limit = request.maxResponseBytes;
  const declared = declaredTooLarge(headers["content-length"], limit);
  const stream = response.body;
  if (declared !== undefined) {
    stream
      ?.getReader()
      .cancel()
      .catch(() => {});
    throw responseTooLarge(request, statusCode, headers, declared);
  }
  if (stream === undefined || stream === null || typeof stream.getReader !== "function") {
    const text = await response.text();
    if (Buffer.byteLength(text) > limit) throw responseTooLarge(request, statusCode, headers);
    return text;
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined) continue;
    received += value.byteLength;
    if (received > limit) {
      reader.cancel().catch(() => {});
      throw responseTooLarge(request, statusCode, headers);
    }
    chunks.push(value);
  }
  return decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}

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
    const exchange = this.#exchange(request, controller.signal);
    // A body past the limit: stop the fetch too (its connection is not read to the end).
    exchange.catch(() => controller.abort());
    return {
      response: Promise.race([exchange, cancelled]),
      abort: (reason) => {
        controller.abort(reason);
        cancel(reason);
      },
    };
  }

  async #exchange(request: TransportRequest, signal: AbortSignal): Promise<TransportResponse> {
    const init: Parameters<FetchLike>[1] = {
      method: request.method,
      headers: request.headers,
      signal,
      redirect: "manual",
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await this.#fetch(request.target.href, init);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const rawBody = await readBody(response, request, response.status, headers);
    return { statusCode: response.status, headers, rawBody };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
