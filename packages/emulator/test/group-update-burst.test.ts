import { slackRateLimits } from "slack-scim";
import { describe, expect, it } from "vitest";
import { newUser1, start, urn } from "./helpers/server.js";

/**
 * Slack documents `resource_locked` as the 429 code for too many group updates in a short time, and
 * `too_many_requests` for other rate limits.
 */

function manualClock() {
  let t = Date.UTC(2024, 0, 1);
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("a burst of group updates", () => {
  it("answers 429 resource_locked with Retry-After once the group-update budget is spent", async () => {
    const clock = manualClock();
    const table = { ...slackRateLimits, "PUT|PATCH /Groups/{id}": { perMinute: 60, burst: 2 } };
    const { call } = await start({ rateLimits: { table }, now: clock.now });
    const id = (await call(2, "POST", "Groups", { schemas: [urn.group2], displayName: "g" })).json
      .id as string;
    expect((await call(1, "PATCH", `Groups/${id}`, { schemas: [urn.core1], displayName: "a" })).status).toBe(
      204,
    );
    expect((await call(2, "PUT", `Groups/${id}`, { schemas: [urn.group2], displayName: "b" })).status).toBe(
      200,
    );
    const v1 = await call(1, "PATCH", `Groups/${id}`, { schemas: [urn.core1], displayName: "c" });
    expect(v1.status).toBe(429);
    expect(v1.json).toEqual({ Errors: { description: "resource_locked", code: 429 } });
    expect(v1.headers.get("retry-after")).toBe("1");
    expect(v1.headers.get("x-emulator-retry-after-ms")).toBe("1000");
    const v2 = await call(2, "PUT", `Groups/${id}`, { schemas: [urn.group2], displayName: "c" });
    expect(v2.json).toEqual({ Errors: { description: "resource_locked", code: 429 } });
    clock.advance(1000);
    expect((await call(2, "PUT", `Groups/${id}`, { schemas: [urn.group2], displayName: "d" })).status).toBe(
      200,
    );
  });

  it("keeps too_many_requests for the other limits", async () => {
    const clock = manualClock();
    const table = { ...slackRateLimits, "POST /Users": { perMinute: 60, burst: 1 } };
    const { call } = await start({ rateLimits: { table }, now: clock.now });
    expect((await call(1, "POST", "Users", newUser1("one"))).status).toBe(201);
    const res = await call(1, "POST", "Users", newUser1("two"));
    expect(res.json).toEqual({ Errors: { description: "too_many_requests", code: 429 } });
  });
});
