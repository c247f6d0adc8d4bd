import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEmulator, type EmulatorOptions } from "../src/index.js";
import { newUser1, newUser2, start } from "./helpers/server.js";

/** Every option is checked when the emulator is created, so a typo fails loudly. */
describe("option checks", () => {
  const bad = (options: unknown) => () => createEmulator(options as EmulatorOptions);

  it.each<[unknown, ErrorConstructor, RegExp]>([
    [{ rateLimits: "none" }, TypeError, /^rateLimits must be "off", "slack" or/],
    [{ rateLimits: { scale: 0 } }, RangeError, /^rateLimits\.scale must be a positive number/],
    [{ rateLimits: { sclae: 2 } }, TypeError, /^rateLimits: unknown option "sclae"/],
    [{ rateLimits: { table: 5 } }, TypeError, /^rateLimits\.table must be an object/],
    [{ storage: "org.jsonl" }, TypeError, /^storage must be "memory" or \{ file: "org\.jsonl" \}/],
    [{ storage: { file: "" } }, TypeError, /^storage\.file must be a non-empty string/],
    [{ storage: { file: "x", compactEvery: 0 } }, RangeError, /^storage\.compactEvery must be 1 or more/],
    [{ storage: { file: "x", compactEvery: 1.5 } }, TypeError, /^storage\.compactEvery must be an integer/],
    [{ storage: 7 }, TypeError, /^storage must be an object/],
    [{ v1Statuses: { deleteUser: 99 } }, RangeError, /^v1Statuses\.deleteUser must be 200 or more/],
    [{ v2Statuses: { deleteUser: 404 } }, RangeError, /^v2Statuses\.deleteUser must be a success status/],
    [{ v2Statuses: { removeUser: 204 } }, TypeError, /^v2Statuses: unknown option "removeUser"/],
    [{ seed: { users: "abc" } }, TypeError, /^seed\.users must be an integer/],
    [{ seed: { users: -1 } }, RangeError, /^seed\.users must be 0 or more/],
    [{ seed: { user: 5 } }, TypeError, /^seed: unknown option "user"/],
    [{ seed: { random: 1.5 } }, TypeError, /^seed\.random must be an integer/],
    [{ token: "" }, TypeError, /^token must be a non-empty string/],
    [{ tokens: "abc" }, TypeError, /^tokens must be a list/],
    [{ clock: 5 }, TypeError, /^clock must be a function/],
    [{ clock: Date.now, now: Date.now }, TypeError, /^give clock or now/],
    [{ ids: "W1" }, TypeError, /^ids must be a function/],
    [{ timeZone: "Mars/Olympus" }, RangeError, /^timeZone: unknown time zone "Mars\/Olympus"/],
    [{ orgDomain: "acme corp" }, TypeError, /^orgDomain must be a host name part/],
    [{ faultHeader: "yes" }, TypeError, /^faultHeader must be a boolean/],
    [{ faults: {} }, TypeError, /^faults must be an array/],
    [{ faults: [{ status: 99 }] }, TypeError, /^faults\[0\]\.status must be an integer from 400 to 599/],
    [
      { faults: [{ times: 0 }] },
      TypeError,
      /^faults\[0\]\.times must be an integer of 1 or more, or Infinity/,
    ],
    [{ faults: [{ stauts: 500 }] }, TypeError, /^faults\[0\]: unknown field "stauts"/],
    [{ faults: [{ match: 5 }] }, TypeError, /^faults\[0\]\.match must be a string/],
    [{ faults: ["GET"] }, TypeError, /^faults\[0\] must be an object/],
    [{ lockWindow: 100 }, TypeError, /^createEmulator options: unknown option "lockWindow"/],
  ])("refuses %j", (options, type, message) => {
    expect(bad(options)).toThrow(type);
    expect(bad(options)).toThrow(message);
  });

  it("creates no file for a storage option it refuses", () => {
    expect(bad({ storage: "stray-org.jsonl" })).toThrow(TypeError);
    expect(existsSync("stray-org.jsonl")).toBe(false);
  });

  it("accepts every documented form", () => {
    const ok: EmulatorOptions[] = [
      { rateLimits: "off" },
      { rateLimits: "slack" },
      { rateLimits: { scale: 10 } },
      { storage: "memory" },
      { seed: { users: 0, groups: 0, random: -4 } },
      { v1Statuses: { deleteUser: 204 }, v2Statuses: { patchGroup: 204 } },
      { faults: [{ match: "GET", times: Infinity, html: 504, latencyMs: 0, truncate: false }] },
      { timeZone: "UTC", orgDomain: "acme.example" },
      { port: 0, host: "127.0.0.1" } as EmulatorOptions,
    ];
    for (const options of ok) expect(() => createEmulator(options)).not.toThrow();
  });
});

describe("clock and its alias now", () => {
  it("clock drives meta.created, as a number or a Date", async () => {
    const t = await start({ clock: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), timeZone: "UTC" });
    expect((await t.call(2, "POST", "Users", newUser2("clocked"))).json.meta.created).toBe(
      "2024-01-02T03:04:05+00:00",
    );
    const n = await start({ now: () => Date.UTC(2024, 0, 2, 3, 4, 5), timeZone: "UTC" });
    expect((await n.call(2, "POST", "Users", newUser2("nowed"))).json.meta.created).toBe(
      "2024-01-02T03:04:05+00:00",
    );
  });
});

describe("timeZone and orgDomain", () => {
  it("timeZone sets the offset written in meta.created (daylight saving included)", async () => {
    const winter = () => Date.UTC(2024, 0, 15, 12, 0, 0);
    const summer = () => Date.UTC(2024, 6, 15, 12, 0, 0);
    const cases: [() => number, string, string][] = [
      [winter, "Asia/Tokyo", "2024-01-15T21:00:00+09:00"],
      [winter, "America/New_York", "2024-01-15T07:00:00-05:00"],
      [summer, "America/New_York", "2024-07-15T08:00:00-04:00"],
      [winter, "Asia/Kolkata", "2024-01-15T17:30:00+05:30"],
    ];
    for (const [clock, timeZone, created] of cases) {
      const t = await start({ clock, timeZone });
      expect((await t.call(1, "POST", "Users", newUser1("zoned"))).json.meta.created).toBe(created);
    }
    // The default is Los Angeles.
    const la = await start({ clock: winter });
    expect((await la.call(1, "POST", "Users", newUser1("zoned"))).json.meta.created).toBe(
      "2024-01-15T04:00:00-08:00",
    );
  });

  it("orgDomain sets the host of profileUrl on both versions", async () => {
    const t = await start({ orgDomain: "acme" });
    const v1 = (await t.call(1, "POST", "Users", newUser1("ada.l"))).json;
    expect(v1.profileUrl).toBe("https://acme.enterprise.slack.com/team/ada.l");
    expect((await t.call(2, "GET", `Users/${v1.id}`)).json.profileUrl).toBe(
      "https://acme.enterprise.slack.com/team/ada.l",
    );
  });
});
