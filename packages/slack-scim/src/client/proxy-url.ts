import { redactUrlCredentials } from "../core/redact.js";

// The schemes undici's proxy agent speaks.
const proxySchemes = new Set(["http:", "https:", "socks:", "socks5:"]);

/** The proxy URL in `value` as a message may show it: its user and password as `***`. */
function shown(value: string): string {
  return JSON.stringify(redactUrlCredentials(value));
}

/** Whether `value` is a proxy URL undici can use: absolute, with an http(s) or socks scheme and a host. */
function isProxyUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return proxySchemes.has(url.protocol) && url.hostname !== "";
}

/**
 * Checks the `proxy` option at construction (undici, which would otherwise reject it, loads only on the first
 * request): a `TypeError` naming the option, with the URL shown without its credentials.
 */
export function checkProxyOption(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "string") throw new TypeError('SCIM client option "proxy" must be a string');
  if (!isProxyUrl(value)) {
    throw new TypeError(
      `SCIM client option "proxy" must be a proxy URL such as "http://proxy.example:3128", got ${shown(value)}`,
    );
  }
}

/**
 * Checks the proxy variables the built-in transport will read (`http_proxy` before `HTTP_PROXY`, `https_proxy`
 * before `HTTPS_PROXY`, as undici reads them): a `TypeError` naming the variable, its URL shown without
 * credentials. An empty variable counts as unset.
 */
export function checkProxyEnvironment(env: Record<string, string | undefined>): void {
  for (const [lower, upper] of [
    ["http_proxy", "HTTP_PROXY"],
    ["https_proxy", "HTTPS_PROXY"],
  ] as const) {
    const name = env[lower] !== undefined ? lower : upper;
    const value = env[name];
    if (value === undefined || value === "" || isProxyUrl(value)) continue;
    throw new TypeError(
      `SCIM client: the environment variable ${name} must be a proxy URL such as "http://proxy.example:3128", ` +
        `got ${shown(value)}; fix or unset it, or pass the "proxy" option`,
    );
  }
}
