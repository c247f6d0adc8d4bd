/** One published limit: a steady rate, and a burst read as a token bucket of that many requests. */
export interface RateLimitRule {
  /** Sustained requests per minute. */
  perMinute: number;
  /** Requests that may arrive at once (the bucket's capacity). */
  burst: number;
}

/** The limits Slack publishes for SCIM: two org-wide sets (reads, writes) and one row per endpoint. */
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

/**
 * Slack's published SCIM rate limits, copied here from Slack's page rather than from the client package, so the
 * emulator is an independent witness: a wrong figure on one side shows up as a failing client test against it
 * (`test/rate-table.test.ts` compares the two tables on purpose). Counted per organisation, over every SCIM app
 * and both SCIM versions; a request must fit its org-wide set and its endpoint row at once.
 *
 * @see https://docs.slack.dev/reference/scim-api/rate-limits
 */
export const slackRateTable: RateLimitTable = Object.freeze({
  // Org-wide: every POST, PUT, PATCH and DELETE; every GET.
  writes: Object.freeze({ perMinute: 600, burst: 180 }),
  reads: Object.freeze({ perMinute: 1000, burst: 1000 }),
  // Per endpoint (the same row for /scim/v1 and /scim/v2). PUT and PATCH share one row.
  "GET /Users/{id}": Object.freeze({ perMinute: 300, burst: 300 }),
  "POST /Users": Object.freeze({ perMinute: 180, burst: 20 }),
  "PUT|PATCH /Users/{id}": Object.freeze({ perMinute: 180, burst: 20 }),
  "DELETE /Users/{id}": Object.freeze({ perMinute: 180, burst: 20 }),
  "GET /Groups/{id}": Object.freeze({ perMinute: 300, burst: 300 }),
  "POST /Groups": Object.freeze({ perMinute: 180, burst: 20 }),
  "PUT|PATCH /Groups/{id}": Object.freeze({ perMinute: 180, burst: 80 }),
  "DELETE /Groups/{id}": Object.freeze({ perMinute: 180, burst: 20 }),
});

/**
 * The limits one request counts against, from the path the router routes: its org-wide set first, then its
 * endpoint row when Slack publishes one. Lists (`GET /Users`, `GET /Groups`) and the discovery documents have no
 * row of their own, so only the org-wide read set applies to them.
 *
 * @param method - HTTP method, upper case.
 * @param segments - Path segments after the version base (`["Users", "W123"]`).
 */
export function limitsFor(method: string, segments: readonly string[]): RateLimitName[] {
  const names: RateLimitName[] = [method === "GET" || method === "HEAD" ? "reads" : "writes"];
  const [resource, id, extra] = segments;
  if ((resource !== "Users" && resource !== "Groups") || extra !== undefined) return names;
  if (id === undefined) {
    if (method === "POST") names.push(`POST /${resource}`);
    return names;
  }
  if (method === "GET") names.push(`GET /${resource}/{id}`);
  else if (method === "PUT" || method === "PATCH") names.push(`PUT|PATCH /${resource}/{id}`);
  else if (method === "DELETE") names.push(`DELETE /${resource}/{id}`);
  return names;
}
