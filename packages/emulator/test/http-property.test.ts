import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { httpText, rawRequest } from "./helpers/raw-http.js";
import { start, urn } from "./helpers/server.js";

/**
 * Random requests over real HTTP to a real emulator: any method, path, headers and body. No answer is a 500 (or a
 * reset) unless an accepted request's fault asked for it; every method outside Slack's five gets 405 with Allow;
 * every JSON answer parses.
 */

const slackMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const tchar = "A-Za-z0-9!#$%&'*+.^_`|~-";

const method = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...slackMethods) },
  fc.constantFrom(
    "TRACE",
    "CONNECT",
    "TRACK",
    "OPTIONS",
    "HEAD",
    "PROPFIND",
    "M-SEARCH",
    "QUERY",
    "get",
    "Patch",
  ),
  fc.stringMatching(new RegExp(`^[${tchar}]{1,12}$`)),
);

const segment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "Users",
      "Groups",
      "ServiceProviderConfigs",
      "ServiceProviderConfig",
      "Schemas",
      "ResourceTypes",
      "User",
      "W0000000001",
      "S0000000001",
      "%2e%2e",
      "..",
      ".",
      "a\\b",
      "%5C",
      "%zz",
      "%2F",
      "%00",
      "",
      "faults",
      "%C3%A9",
    ),
  },
  fc.stringMatching(/^[A-Za-z0-9._~%:@!$&'()*+,;=-]{1,12}$/),
);

const target = fc
  .tuple(
    fc.constantFrom("/scim/v1", "/scim/v2", "/scim/v2", "/scim/v3", "/_emulator", "", "/scim"),
    fc.array(segment, { maxLength: 4 }),
    fc.option(
      fc.oneof(
        fc.constantFrom(
          "filter=userName%20eq%20%22a%22",
          "filter=%zz",
          "filter=",
          "count=-5&startIndex=x",
          "sortOrder=up",
          "filter=emails%5Btype%20eq%20%22work%22%5D",
        ),
        fc.stringMatching(/^[A-Za-z0-9=&%+._-]{0,20}$/),
      ),
    ),
  )
  .map(([base, segments, query]) => `${base}/${segments.join("/")}${query === null ? "" : `?${query}`}`);

const body = fc.oneof(
  fc.constant(""),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc
    .record({
      schemas: fc.constantFrom([urn.user2], [urn.core1], [urn.patch], [urn.group2], []),
      userName: fc.string({ maxLength: 10 }),
      displayName: fc.string({ maxLength: 10 }),
      emails: fc.array(fc.record({ value: fc.emailAddress(), primary: fc.boolean() }), { maxLength: 2 }),
      Operations: fc.array(
        fc.record({
          op: fc.constantFrom("add", "replace", "remove", "Replace", "x"),
          path: fc.constantFrom(
            "title",
            "active",
            "emails",
            'emails[value eq "a"]',
            "members",
            "name.givenName",
          ),
          value: fc.jsonValue({ maxDepth: 2 }),
        }),
        { maxLength: 3 },
      ),
      active: fc.jsonValue({ maxDepth: 1 }),
    })
    .map((value) => JSON.stringify(value)),
);

describe("any request over HTTP", () => {
  it("never answers 500 unless a fault asked for it; 405 with Allow for other methods", async () => {
    const { server, emulator } = await start();
    const valid = `Bearer ${emulator.adminToken}`;
    const request = fc.record({
      method,
      target,
      authorization: fc.constantFrom(valid, valid, valid, "Bearer nope", "", "Basic eA==", undefined),
      contentType: fc.constantFrom(
        "application/json",
        "application/scim+json; charset=utf-8",
        "text/plain",
        "",
        "application/json;;;",
        undefined,
      ),
      fault: fc.option(
        fc.constantFrom(
          "status=500",
          "status=503; retry-after=0",
          "html",
          "html=500",
          "truncate",
          "latency=1",
          "bogus",
          "status=99",
          "reset=before-body",
          "reset=after-body",
          "reset=mid-body",
          "code=x, status=418",
        ),
      ),
      extra: fc.dictionary(
        fc.stringMatching(/^x-[a-z0-9-]{1,10}$/),
        fc.stringMatching(/^[!-~]([ -~]{0,18}[!-~])?$/),
        { maxKeys: 3 },
      ),
      body,
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        emulator.faults.length = 0; // a fault queued by an earlier run's control request does not count
        const headers: Record<string, string> = { ...r.extra };
        if (r.authorization !== undefined) headers["authorization"] = r.authorization;
        if (r.contentType !== undefined) headers["content-type"] = r.contentType;
        if (r.fault !== null) headers["x-emulator-fault"] = r.fault;
        const res = await rawRequest(server.url, httpText(r.method, r.target, headers, r.body));
        const faulted = r.authorization === valid && r.fault !== null;
        const asked500 = faulted && /^(status|html)=500$/.test(r.fault ?? "");
        const askedReset = faulted && /^reset=/.test(r.fault ?? "");
        if (res.status === 0) expect(askedReset, res.raw).toBe(true);
        else {
          expect(res.status, res.raw).toBeGreaterThanOrEqual(200);
          expect(res.status, res.raw).toBeLessThan(600);
          if (!asked500) expect(res.status, res.raw).not.toBe(500);
        }
        if (!slackMethods.includes(r.method)) expect(res.status, res.raw).toBe(405);
        if (res.status === 405) expect(res.headers["allow"], res.raw).toMatch(/^[A-Z]+(, [A-Z]+)*$/);
        const json = res.headers["content-type"]?.startsWith("application/json");
        if (json && r.method !== "HEAD" && !(faulted && /^(truncate|reset=mid-body)$/.test(r.fault ?? ""))) {
          expect(() => JSON.parse(res.body), res.raw).not.toThrow();
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
