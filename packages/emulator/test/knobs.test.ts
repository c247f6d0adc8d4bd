import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { fixedNow, newUser1, newUser2, start, urn } from "./helpers/server.js";

/** Options for what Slack leaves open (docs/behaviour.md): deactivation delay, group `remove` with a value list, 429 body. */

function manualClock() {
  let t = fixedNow();
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("deactivationDelayMs", () => {
  it("keeps reads showing active: true for the delay after a DELETE; the store has the truth at once", async () => {
    const clock = manualClock();
    const { call, emulator } = await start({ deactivationDelayMs: 3000, now: clock.now });
    const id = (await call(1, "POST", "Users", newUser1("leaver"))).json.id as string;
    expect((await call(1, "DELETE", `Users/${id}`)).status).toBe(200);
    expect(emulator.store.getUser(id)?.active).toBe(false);
    expect((await call(1, "GET", `Users/${id}`)).json.active).toBe(true);
    expect((await call(2, "GET", `Users?filter=userName eq "leaver"`)).json.Resources[0].active).toBe(true);
    clock.advance(2999);
    expect((await call(2, "GET", `Users/${id}`)).json.active).toBe(true);
    clock.advance(1);
    expect((await call(2, "GET", `Users/${id}`)).json.active).toBe(false);
    expect((await call(1, "GET", `Users/${id}`)).json.active).toBe(false);
  });

  it("applies to active: false writes too, and a reactivation ends it", async () => {
    const clock = manualClock();
    const { call } = await start({ deactivationDelayMs: 1000, now: clock.now });
    const id = (await call(2, "POST", "Users", newUser2("flip"))).json.id as string;
    const off = { schemas: [urn.patch], Operations: [{ op: "replace", path: "active", value: false }] };
    expect((await call(2, "PATCH", `Users/${id}`, off)).json.active).toBe(true);
    expect((await call(1, "GET", `Users/${id}`)).json.active).toBe(true);
    const on = { schemas: [urn.core1], active: true };
    expect((await call(1, "PATCH", `Users/${id}`, on)).json.active).toBe(true);
    clock.advance(1000);
    expect((await call(1, "GET", `Users/${id}`)).json.active).toBe(true);
    // Deactivated without a delay in force: shows at once once the window has passed.
    await call(1, "DELETE", `Users/${id}`);
    clock.advance(1000);
    expect((await call(1, "GET", `Users/${id}`)).json.active).toBe(false);
  });

  it("defaults to 0: a DELETE shows at once", async () => {
    const { call } = await start();
    const id = (await call(1, "POST", "Users", newUser1("now"))).json.id as string;
    await call(2, "DELETE", `Users/${id}`);
    expect((await call(2, "GET", `Users/${id}`)).json.active).toBe(false);
  });
});

describe("groupRemoveMembersWithValue", () => {
  async function groupOfThree(option?: "listed" | "all") {
    const t = await start(option ? { groupRemoveMembersWithValue: option } : {});
    const ids: string[] = [];
    for (const name of ["m1", "m2", "m3"])
      ids.push((await t.call(2, "POST", "Users", newUser2(name))).json.id);
    const group = await t.call(2, "POST", "Groups", {
      schemas: [urn.group2],
      displayName: "three",
      members: ids.map((value) => ({ value })),
    });
    const remove = {
      schemas: [urn.patch],
      Operations: [{ op: "remove", path: "members", value: [{ value: ids[0] }] }],
    };
    const res = await t.call(2, "PATCH", `Groups/${group.json.id}`, remove);
    expect(res.status).toBe(200);
    return { members: (res.json.members as { value: string }[]).map((m) => m.value), ids };
  }

  it('"listed" (the default) removes only the listed members', async () => {
    const { members, ids } = await groupOfThree();
    expect(members).toEqual([ids[1], ids[2]]);
    expect((await groupOfThree("listed")).members).toHaveLength(2);
  });

  it('"all" removes every member', async () => {
    expect((await groupOfThree("all")).members).toEqual([]);
  });
});

describe("rateLimitErrorBody", () => {
  const tooMany = { Errors: { description: "too_many_requests", code: 429 } };

  it('"legacy" (the default): the 1.1 Errors shape on both versions, even with v2ErrorStyle "rfc"', async () => {
    const { call } = await start({
      v2ErrorStyle: "rfc",
      faults: [{ match: "GET /Users", status: 429, retryAfter: 1, times: 2 }],
    });
    expect((await call(1, "GET", "Users")).json).toEqual(tooMany);
    expect((await call(2, "GET", "Users")).json).toEqual(tooMany);
    expect((await call(2, "GET", "Users/W0000000009")).json).toEqual({
      schemas: [urn.error2],
      detail: "no_such_user",
      status: 404,
    });
  });

  it('"version": 2.0 answers rate limits, locks and injected 429s in its RFC shape; 1.1 keeps Errors', async () => {
    const clock = manualClock();
    const { call } = await start({
      rateLimitErrorBody: "version",
      rateLimits: { scale: 100 },
      lockWindowMs: 1000,
      now: clock.now,
      faults: [{ match: "GET /Groups", status: 429, times: 2 }],
    });
    expect((await call(1, "GET", "Groups")).json).toEqual(tooMany);
    const v2 = await call(2, "GET", "Groups");
    expect(v2.json).toEqual({ schemas: [urn.error2], detail: "too_many_requests", status: 429 });
    const id = (await call(2, "POST", "Users", newUser2("locked"))).json.id as string;
    const op = { schemas: [urn.patch], Operations: [{ op: "replace", path: "title", value: "x" }] };
    expect((await call(2, "PATCH", `Users/${id}`, op)).status).toBe(200);
    const locked = await call(2, "PATCH", `Users/${id}`, op);
    expect(locked.status).toBe(429);
    expect(locked.json).toEqual({ schemas: [urn.error2], detail: "resource_locked", status: 429 });
    let limited = await call(2, "POST", "Users", newUser2("u0"));
    for (let i = 1; limited.status !== 429 && i < 30; i++)
      limited = await call(2, "POST", "Users", newUser2(`u${i}`));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ schemas: [urn.error2], detail: "too_many_requests", status: 429 });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("option validation", () => {
  it("throws TypeError or RangeError naming the option", () => {
    expect(() => createEmulator({ deactivationDelayMs: -1 })).toThrow(
      new RangeError("deactivationDelayMs must be 0 or more"),
    );
    expect(() => createEmulator({ lockWindowMs: Number.NaN })).toThrow(
      new TypeError("lockWindowMs must be a number"),
    );
    expect(() => createEmulator({ groupRemoveMembersWithValue: "some" as "all" })).toThrow(
      new TypeError('groupRemoveMembersWithValue must be "listed" or "all"'),
    );
    expect(() => createEmulator({ rateLimitErrorBody: "rfc" as "version" })).toThrow(
      new TypeError('rateLimitErrorBody must be "legacy" or "version"'),
    );
    expect(() => createEmulator({ v2ErrorStyle: "RFC" as "rfc" })).toThrow(TypeError);
  });
});
