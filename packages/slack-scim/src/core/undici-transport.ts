import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from "undici";
import type { Transport, TransportRequest, TransportResponse } from "./transport.js";

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
  readonly #dispatcher: Dispatcher;

  constructor(options: UndiciTransportOptions) {
    this.#dispatcher = createDispatcher(options);
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const { statusCode, headers, body } = await this.#dispatcher.request({
      origin: request.url.origin,
      path: request.url.pathname + request.url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    const rawBody = await body.text();
    return { statusCode, headers: flattenHeaders(headers), rawBody };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
