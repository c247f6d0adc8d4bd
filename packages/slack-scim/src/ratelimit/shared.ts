import { createHash } from "node:crypto";
import { RateLimiter } from "./limiter.js";
import { MemoryRateLimitStore } from "./memory-store.js";
import type { ResolvedRateLimit } from "./options.js";
import type { RateLimitRules } from "./slack-limits.js";
import type { RateLimitStore } from "./store.js";

// One org budget per token, host and table; the token is kept only as a hash. Entries are weak: a limiter lives
// as long as a client uses it. Limiters are kept per store: clients of two stores never share one.
const defaultStore = new MemoryRateLimitStore();
const limiters = new WeakMap<RateLimitStore, Map<string, WeakRef<RateLimiter>>>();

function fingerprint(rules: RateLimitRules): string {
  return JSON.stringify(
    Object.entries(rules)
      .filter(([, rule]) => rule !== undefined)
      .map(([name, rule]) => [name, rule?.perMinute, rule?.burst])
      .sort(),
  );
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * The limiter shared by every client in this process with the same token, host, table and store. Slack counts
 * its limits per org over both SCIM versions, so a 1.1 and a 2.0 client on one token share one budget. The store
 * sees the budget as `org`: a hash of the token, the host and the table, never the token itself.
 *
 * @internal
 */
export function sharedRateLimiter(
  token: string | undefined,
  origin: string,
  settings: ResolvedRateLimit,
): RateLimiter {
  const store = settings.store ?? defaultStore;
  const org = sha256(`${sha256(token ?? "")} ${origin} ${fingerprint(settings.rules)}`).slice(0, 22);
  const key = `${org} ${settings.onStoreError} ${settings.storeTimeoutMs}`;
  let byKey = limiters.get(store);
  if (byKey === undefined) {
    byKey = new Map();
    limiters.set(store, byKey);
  }
  const existing = byKey.get(key)?.deref();
  if (existing) return existing;
  for (const [k, ref] of byKey) if (ref.deref() === undefined) byKey.delete(k);
  const limiter = new RateLimiter(settings.rules, undefined, {
    ...settings,
    buckets: store.buckets(org, settings.rules),
  });
  byKey.set(key, new WeakRef(limiter));
  return limiter;
}
