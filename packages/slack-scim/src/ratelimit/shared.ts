import { createHash } from "node:crypto";
import { RateLimiter, type RateLimitRules } from "./limiter.js";

// One org budget per token and host; the token is kept only as a hash. Entries are weak: a limiter lives as
// long as a client uses it.
const limiters = new Map<string, WeakRef<RateLimiter>>();

function fingerprint(rules: RateLimitRules): string {
  return JSON.stringify(
    Object.entries(rules)
      .filter(([, rule]) => rule !== undefined)
      .map(([name, rule]) => [name, rule?.perMinute, rule?.burst])
      .sort(),
  );
}

/**
 * The limiter shared by every client in this process with the same token, host and table. Slack counts its
 * limits per org over both SCIM versions, so a 1.1 and a 2.0 client on one token share one budget.
 *
 * @internal
 */
export function sharedRateLimiter(
  token: string | undefined,
  origin: string,
  rules: RateLimitRules,
): RateLimiter {
  const hash = createHash("sha256")
    .update(token ?? "")
    .digest("base64url");
  const key = `${hash} ${origin} ${fingerprint(rules)}`;
  const existing = limiters.get(key)?.deref();
  if (existing) return existing;
  for (const [k, ref] of limiters) if (ref.deref() === undefined) limiters.delete(k);
  const limiter = new RateLimiter(rules);
  limiters.set(key, new WeakRef(limiter));
  return limiter;
}
