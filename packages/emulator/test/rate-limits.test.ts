import { slackRateLimits } from "slack-scim";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { newUser1, newUser2, start, urn } from "./helpers/server.js";

const ops = () => ({ schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "u" }] });

/** A clock the test moves by hand, so bucket refills are exact. */
function manualClock() {
  let t = Date.UTC(2024, 0, 1);
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("rate limits", () => {
  it("are off by default", async () => {
    const { call } = await start();
    for (let i = 0; i < 30; i++) expect((await call(1, "POST", "Users", newUser1(`u${i}`))).status).toBe(201);
  });

  it.each([0, -1, Number.NaN])("refuse a scale of %s when the emulator is created (RangeError)", (scale) => {
    expect(() => createEmulator({ rateLimits: { scale } })).toThrow(
      /rateLimits\.scale must be a positive number/,
    );
  });

  it("at { scale: 100 } refuse the first request past the endpoint burst, with Retry-After", async () => {
    const clock = manualClock();
    const { call } = await start({ rateLimits: { scale: 100 }, now: clock.now });
    for (let i = 0; i < 20; i++) {
      expect((await call(i % 2 === 0 ? 1 : 2, "POST", "Users", newUser1(`burst${i}`))).status).toBe(201);
    }
    for (const version of [1, 2] as const) {
      const res = await call(version, "POST", "Users", newUser1("one.too.many"));
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("1");
      // 180/min × 100 = 300/s: one token every 3.33 ms.
      expect(res.headers.get("x-emulator-retry-after-ms")).toBe("4");
      expect(res.json).toEqual({ Errors: { description: "too_many_requests", code: 429 } });
    }
    clock.advance(4);
    expect((await call(1, "POST", "Users", newUser1("after.wait"))).status).toBe(201);
    expect((await call(1, "POST", "Users", newUser1("again"))).status).toBe(429);
  });

  it("count GET /Users/{id} against its burst of 300, shared by both versions", async () => {
    const clock = manualClock();
    const { call } = await start({ rateLimits: { scale: 100 }, now: clock.now });
    const id = (await call(1, "POST", "Users", newUser1("reader"))).json.id;
    for (let i = 0; i < 300; i++)
      expect((await call(i % 2 === 0 ? 1 : 2, "GET", `Users/${id}`)).status).toBe(200);
    const res = await call(2, "GET", `Users/${id}`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await call(2, "GET", "Users?count=1")).status).toBe(200);
  });

  it("count every write against the org-wide burst of 180", async () => {
    const clock = manualClock();
    const { call } = await start({ rateLimits: { scale: 100 }, now: clock.now });
    let writes = 0;
    const users: string[] = [];
    for (let i = 0; i < 20; i++, writes++)
      users.push((await call(1, "POST", "Users", newUser1(`w${i}`))).json.id);
    const groups: string[] = [];
    for (let i = 0; i < 20; i++, writes++) {
      groups.push((await call(2, "POST", "Groups", { schemas: [urn.group2], displayName: `g${i}` })).json.id);
    }
    for (let i = 0; i < 80; i++, writes++) {
      const res = await call(1, "PATCH", `Groups/${groups[i % 20]}`, {
        schemas: [urn.core1],
        displayName: `p${i}`,
      });
      expect(res.status).toBe(204);
    }
    for (let i = 0; i < 20; i++, writes++) {
      expect((await call(2, "PUT", `Users/${users[i]}`, newUser2(`w${i}`))).status).toBe(200);
    }
    for (let i = 0; i < 20; i++, writes++)
      expect((await call(1, "DELETE", `Users/${users[i]}`)).status).toBe(200);
    for (let i = 0; i < 20; i++, writes++)
      expect((await call(2, "DELETE", `Groups/${groups[i]}`)).status).toBe(204);
    expect(writes).toBe(180);
    const res = await call(1, "POST", "Groups", { schemas: [urn.core1], displayName: "one.more" });
    expect(res.status).toBe(429);
    expect((await call(1, "GET", `Users/${users[0]}`)).status).toBe(200);
  });

  it('"slack" uses Slack\'s real rates: a whole-second Retry-After', async () => {
    const clock = manualClock();
    const { call } = await start({ rateLimits: "slack", now: clock.now });
    for (let i = 0; i < 20; i++) await call(1, "POST", "Users", newUser1(`s${i}`));
    const res = await call(1, "POST", "Users", newUser1("s20"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("x-emulator-retry-after-ms")).toBe("334");
    clock.advance(334);
    expect((await call(1, "POST", "Users", newUser1("s21"))).status).toBe(201);
  });

  it("lock a user or group for lockWindowMs after a write: 429 for a second write, GETs pass", async () => {
    const clock = manualClock();
    const { call } = await start({ lockWindowMs: 1500, now: clock.now });
    const a = (await call(2, "POST", "Users", newUser2("locked"))).json.id;
    const b = (await call(2, "POST", "Users", newUser2("free"))).json.id;
    const patch = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "x" }] };
    expect((await call(2, "PATCH", `Users/${a}`, patch)).status).toBe(200);
    const locked = await call(2, "PATCH", `Users/${a}`, patch);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("2");
    expect(locked.json).toEqual({ Errors: { description: "resource_locked", code: 429 } });
    expect((await call(2, "GET", `Users/${a}`)).status).toBe(200);
    expect((await call(2, "PATCH", `Users/${b}`, patch)).status).toBe(200);
    clock.advance(1500);
    expect((await call(1, "DELETE", `Users/${a}`)).status).toBe(200);
  });

  it("reset() refills the buckets", async () => {
    const clock = manualClock();
    const { call, emulator } = await start({ rateLimits: { scale: 100 }, now: clock.now });
    for (let i = 0; i < 20; i++) await call(1, "POST", "Users", newUser1(`r${i}`));
    expect((await call(1, "POST", "Users", newUser1("r20"))).status).toBe(429);
    emulator.reset();
    expect((await call(1, "POST", "Users", newUser1("r20"))).status).toBe(201);
  });

  it("cannot be bypassed with an empty path segment: /Users//W1 is bad_endpoint; a trailing slash counts", async () => {
    const clock = manualClock();
    const table = { ...slackRateLimits, "PUT|PATCH /Users/{id}": { perMinute: 1, burst: 2 } };
    const { call } = await start({ rateLimits: { table }, now: clock.now });
    const id = (await call(1, "POST", "Users", newUser1("slashy"))).json.id as string;
    const patch = { schemas: [urn.core1], title: "t" };
    for (const path of [`Users//${id}`, `/scim/v1//Users/${id}`, "Users//", `Users/${id}//`]) {
      const res = await call(1, "PATCH", path, patch);
      expect(res.status, path).toBe(404);
      expect(res.json, path).toEqual({ Errors: { description: "bad_endpoint", code: 404 } });
    }
    expect((await call(1, "PATCH", `Users/${id}`, patch)).status).toBe(200);
    expect((await call(2, "PATCH", `Users/${id}/`, ops())).status).toBe(200);
    const third = await call(1, "PATCH", `Users/${id}/`, patch);
    expect(third.status).toBe(429);
    expect((await call(1, "GET", "Groups/")).status).toBe(200);
  });
});
