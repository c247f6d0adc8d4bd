import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from "undici";
import {
  declaredTooLarge,
  type Exchange,
  responseTooLarge,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.js";

/** TLS settings for the built-in transport. */
export interface TLSOptions {
  /** Extra trusted CA certificates (PEM). */
  ca?: string | Buffer | (string | Buffer)[];
  /** Client certificate (PEM), for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM), for mutual TLS. */
  key?: string | Buffer;
  /**
   * Verify the server's certificate. Turn off only for a local test server.
   * @defaultValue true
   */
  rejectUnauthorized?: boolean;
}

/** Settings of the built-in transport. */
export interface UndiciTransportOptions {
  /** Proxy URL; when absent, `HTTPS_PROXY`/`HTTP_PROXY` with `NO_PROXY` are honoured. */
  proxy?: string | undefined;
  /** TLS settings. */
  tls?: TLSOptions | undefined;
  /** Environment to read proxy variables from. */
  env: Record<string, string | undefined>;
}

const proxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

type TLSConnect = NonNullable<ProxyAgent.Options["requestTls"]>;

function connectOptions(tls: TLSOptions | undefined): TLSConnect | undefined {
  if (!tls) return undefined;
  const connect: Record<string, unknown> = {};
  if (tls.ca !== undefined) connect["ca"] = tls.ca;
  if (tls.cert !== undefined) connect["cert"] = tls.cert;
  if (tls.key !== undefined) connect["key"] = tls.key;
  if (tls.rejectUnauthorized !== undefined) connect["rejectUnauthorized"] = tls.rejectUnauthorized;
  return connect as TLSConnect;
}

function createDispatcher(options: UndiciTransportOptions): Dispatcher {
  const connect = connectOptions(options.tls);
  const tlsOptions = connect ? { connect } : {};
  if (options.proxy !== undefined) {
    return new ProxyAgent({ uri: options.proxy, ...(connect ? { requestTls: connect } : {}) });
  }
  if (proxyVariables.some((name) => options.env[name])) {
    return new EnvHttpProxyAgent({ ...tlsOptions, ...(connect ? { requestTls: connect } : {}) });
  }
  return new Agent(tlsOptions);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** The default transport: an undici keep-alive pool per client, with proxy and TLS settings. */
export class UndiciTransport implements Transport {
  readonly #options: UndiciTransportOptions;
  #dispatcher: Dispatcher;

  constructor(options: UndiciTransportOptions) {
    this.#options = options;
    this.#dispatcher = createDispatcher(options);
  }

  send(request: TransportRequest): Exchange {
    let controller: Dispatcher.DispatchController | undefined;
    let aborted = false;
    let abortReason: unknown;
    let settled = false;
    let statusCode = 0;
    let headers: Record<string, string> = {};
    let received = 0;
    const limit = request.maxResponseBytes;
    const chunks: Buffer[] = [];
    let resolve!: (response: TransportResponse) => void;
    let reject!: (error: unknown) => void;
    const response = new Promise<TransportResponse>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    const tooLarge = (current: Dispatcher.DispatchController, declared?: number) => {
      const error = responseTooLarge(request, statusCode, headers, declared);
      fail(error);
      current.abort(error);
    };
    // undici's low-level handler API: no body stream and no AbortSignal, the cheapest path it offers. Every
    // callback settles the exchange on any failure: nothing may leave a call pending.
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (aborted) started.abort(abortReason as Error);
      },
      onResponseStart(current, status, responseHeaders) {
        statusCode = status;
        headers = flattenHeaders(responseHeaders);
        const declared = declaredTooLarge(headers["content-length"], limit);
        if (declared !== undefined) tooLarge(current, declared);
      },
      onResponseData(current, chunk) {
        if (settled) return;
        received += chunk.length;
        if (received > limit) tooLarge(current);
        else chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        let rawBody: string;
        try {
          rawBody =
            chunks.length === 1
              ? (chunks[0] as Buffer).toString("utf8")
              : Buffer.concat(chunks).toString("utf8");
        } catch (error) {
          // A body too large for one string: settle with the error rather than never (the abort and the
          // timeout both skip a settled exchange).
          fail(error);
          return;
        }
        settled = true;
        resolve({ statusCode, headers, rawBody });
      },
      onResponseError(_controller, error) {
        fail(error);
      },
    };
    try {
      this.#dispatcher.dispatch(
        {
          origin: request.target.origin,
          path: request.target.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body ?? null,
        },
        handler,
      );
    } catch (error) {
      fail(error);
    }
    return {
      response,
      abort(reason) {
        if (settled) return;
        aborted = true;
        abortReason = reason;
        controller?.abort(reason as Error);
        fail(reason);
      },
    };
  }

  /**
   * Closes the pool's connections once their requests are done. A closed undici dispatcher refuses new
   * requests, so later calls get a fresh pool: the client stays usable and reconnects on demand.
   */
  close(): Promise<void> {
    const closing = this.#dispatcher;
    this.#dispatcher = createDispatcher(this.#options);
    return closing.close();
  }
}
