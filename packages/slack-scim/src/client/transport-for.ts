import { FetchTransport } from "../core/fetch-transport.js";
import { LazyTransport } from "../core/lazy-transport.js";
import type { Transport } from "../core/transport.js";
import type { SCIMClientOptions } from "./options.js";
import { checkProxyEnvironment } from "./proxy-url.js";

/**
 * The transport a client's options ask for: the caller's `fetch`, or the built-in undici transport, loaded on
 * the first request (a client given `fetch` never imports undici). The proxy variables that transport will read
 * are checked now, so a malformed one is refused at construction with its password hidden. @internal
 */
export function transportFor(options: SCIMClientOptions): Transport {
  if (options.fetch) return new FetchTransport(options.fetch);
  if (options.proxy === undefined) checkProxyEnvironment(process.env);
  const { proxy, tls } = options;
  return new LazyTransport(async () => {
    const { UndiciTransport } = await import("../core/undici-transport.js");
    return new UndiciTransport({ proxy, tls, env: process.env });
  });
}
