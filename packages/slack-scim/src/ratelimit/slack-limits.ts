/** One published limit: a steady rate with a burst allowance (read as a token bucket of `burst` tokens). */
export interface RateLimitRule {
  /** Sustained requests per minute. */
  perMinute: number;
  /** Requests that may arrive at once (bucket capacity). */
  burst: number;
}

/** Names of the limits Slack publishes: two org-wide sets and the per-endpoint rows. */
export type RateLimitName =
  | "writes"
  | "reads"
  | "GET /Users/{id}"
  | "POST /Users"
  | "PUT|PATCH /Users/{id}"
  | "DELETE /Users/{id}"
  | "GET /Groups/{id}"
  | "POST /Groups"
  | "PUT|PATCH /Groups/{id}"
  | "DELETE /Groups/{id}";

/** A limit table: every name mapped to its rule. */
export type RateLimitTable = Readonly<Record<RateLimitName, RateLimitRule>>;

/** A limit table a client can use: any subset of the names, each with its rule. */
export type RateLimitRules = Readonly<Partial<Record<RateLimitName, RateLimitRule>>>;

/**
 * Slack's published SCIM rate limits, counted per organisation over every SCIM app and both versions. A call
 * must fit its org-wide set and its endpoint row at once.
 *
 * @see https://docs.slack.dev/reference/scim-api/rate-limits
 */
export const slackRateLimits: RateLimitTable = Object.freeze({
  writes: { perMinute: 600, burst: 180 },
  reads: { perMinute: 1000, burst: 1000 },
  "GET /Users/{id}": { perMinute: 300, burst: 300 },
  "POST /Users": { perMinute: 180, burst: 20 },
  "PUT|PATCH /Users/{id}": { perMinute: 180, burst: 20 },
  "DELETE /Users/{id}": { perMinute: 180, burst: 20 },
  "GET /Groups/{id}": { perMinute: 300, burst: 300 },
  "POST /Groups": { perMinute: 180, burst: 20 },
  "PUT|PATCH /Groups/{id}": { perMinute: 180, burst: 80 },
  "DELETE /Groups/{id}": { perMinute: 180, burst: 20 },
});

const resourcePath = /^\/?(Users|Groups)\/?([^/?#]*)/;

/**
 * The limits a request counts against: its org-wide set first, then its endpoint row when it has one.
 *
 * @param method - HTTP method, any case.
 * @param path - Path relative to the version's base URL (`"Users/W123"`, `"/Groups"`, …).
 */
export function rateLimitsFor(method: string, path: string): RateLimitName[] {
  const verb = method.toUpperCase();
  const names: RateLimitName[] = [verb === "GET" || verb === "HEAD" ? "reads" : "writes"];
  const match = resourcePath.exec(path);
  if (!match) return names;
  const resource = match[1] as "Users" | "Groups";
  const hasId = (match[2] ?? "") !== "";
  if (verb === "POST" && !hasId) names.push(`POST /${resource}`);
  else if (hasId && verb === "GET") names.push(`GET /${resource}/{id}`);
  else if (hasId && (verb === "PUT" || verb === "PATCH")) names.push(`PUT|PATCH /${resource}/{id}`);
  else if (hasId && verb === "DELETE") names.push(`DELETE /${resource}/{id}`);
  return names;
}
