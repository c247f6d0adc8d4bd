import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RateLimitTable as ClientTable, rateLimitsFor, slackRateLimits } from "slack-scim";
import { describe, expect, it } from "vitest";
import { createEmulator, type RateLimitTable, slackRateTable } from "../src/index.js";
import { limitsFor } from "../src/rate-table.js";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );

describe("the emulator's own rate-limit table", () => {
  it("is the emulator's: no source file takes Slack's limits or their classification from the client", () => {
    for (const file of sources(src)) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/\b(slackRateLimits|rateLimitsFor)\b/);
    }
  });

  // A drift between the two tables is a decision to make on purpose: fix the wrong side, or change both.
  it("agrees with the client's table, figure for figure", () => {
    expect(slackRateTable).toEqual(slackRateLimits);
    // Either table fits the other's type (same limit names).
    const fromClient: RateLimitTable = slackRateLimits;
    const fromEmulator: ClientTable = slackRateTable;
    expect(Object.keys(fromClient).sort()).toEqual(Object.keys(fromEmulator).sort());
  });

  it("classifies every endpoint the way the client does, on both versions' paths", () => {
    const paths = [
      "Users",
      "Users/W123",
      "Groups",
      "Groups/S123",
      "ServiceProviderConfigs",
      "ServiceProviderConfig",
      "Schemas",
      "Schemas/Users",
      "ResourceTypes",
      "ResourceTypes/User",
    ];
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      for (const path of paths) {
        expect(limitsFor(method, path.split("/")), `${method} ${path}`).toEqual(rateLimitsFor(method, path));
      }
    }
  });

  it("is frozen, and a custom table missing a row or with a bad figure is refused when the emulator is made", () => {
    expect(Object.isFrozen(slackRateTable)).toBe(true);
    expect(Object.isFrozen(slackRateTable["POST /Users"])).toBe(true);
    const { "POST /Users": _, ...missing } = slackRateTable;
    expect(() => createEmulator({ rateLimits: { table: missing as RateLimitTable } })).toThrow(
      new TypeError('rateLimits.table["POST /Users"] is missing'),
    );
    const zero = { ...slackRateTable, reads: { perMinute: 0, burst: 5 } };
    expect(() => createEmulator({ rateLimits: { table: zero } })).toThrow(
      new RangeError('rateLimits.table["reads"].perMinute must be a positive number'),
    );
    const noBurst = { ...slackRateTable, writes: { perMinute: 5, burst: 0 } };
    expect(() => createEmulator({ rateLimits: { table: noBurst } })).toThrow(/\["writes"\]\.burst must be/);
  });
});
