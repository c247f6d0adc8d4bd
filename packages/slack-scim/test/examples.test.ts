import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterEach, describe, expect, it, vi } from "vitest";

let emulator: StartedEmulator | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await emulator?.close();
  emulator = undefined;
});

/** Runs examples/<name> against a fresh emulator and returns what it printed. */
async function runExample(
  name: string,
  seed?: { users: number; groups: number },
  version: "v1" | "v2" = "v1",
): Promise<string[]> {
  emulator = await startEmulator({ port: 0, ...(seed ? { seed } : {}) });
  return runIn(emulator, name, version);
}

/**
 * Runs examples/<name> against a running emulator and returns what it printed. `run` makes a fresh module
 * instance, so one file can run again in the same test.
 */
async function runIn(
  emulator: StartedEmulator,
  name: string,
  version: "v1" | "v2",
  run = "",
): Promise<string[]> {
  vi.restoreAllMocks();
  vi.stubEnv("SLACK_ORG_ADMIN_USER_TOKEN", emulator.adminToken);
  vi.stubEnv("SLACK_SCIM_BASE_URL", version === "v1" ? emulator.v1BaseUrl : emulator.v2BaseUrl);
  const printed: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  vi.spyOn(console, "debug").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  // The default logger's info lines (rate-limit waits) are not part of what an example prints.
  vi.spyOn(console, "info").mockImplementation(() => {});
  await import(/* @vite-ignore */ `../examples/${name}${run === "" ? "" : `?run=${run}`}`);
  return printed;
}

describe("every README example runs against the emulator", () => {
  it("intro.ts (the repository's front page): create, find, deactivate", async () => {
    expect(await runExample("intro.ts")).toEqual(["1 true"]);
    expect(emulator?.store.users().map((u) => [u.userName.replace(/\.\w+$/, ".…"), u.active])).toEqual([
      ["grace.…", false],
    ]);
  });

  it("quick-start.ts: search, create, patch, update, deactivate", async () => {
    const printed = await runExample("quick-start.ts", { users: 5, groups: 2 });
    expect(printed[0]).toBe("0 0 0 1");
    expect(printed[1]?.split(",")).toHaveLength(2);
    expect(printed[2]).toBe("201");
    const { SCIMClient } = await import("slack-scim");
    const client = new SCIMClient(emulator?.adminToken, { baseUrl: emulator?.v1BaseUrl });
    const { users } = await client.searchUsers({ filter: 'userName sw "chenderson."' });
    expect(users.map((u) => [u.name?.givenName, u.active])).toEqual([["Cal", false]]);
  });

  it("errors.ts: a duplicate userName is a 409 username_taken", async () => {
    const printed = await runExample("errors.ts");
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^409 username_taken username_taken/);
  });

  it("retry-handlers.ts: both clients work with their handlers", async () => {
    const printed = await runExample("retry-handlers.ts", { users: 3, groups: 1 });
    expect(printed).toEqual(["3 1"]);
  });

  it("logging.ts: debug lines for request and response, no token", async () => {
    const printed = await runExample("logging.ts", { users: 2, groups: 0 });
    expect(printed.at(-1)).toBe("2 users");
    expect(printed.some((line) => line.includes("→ GET") && line.includes("/scim/v1/Users?count=1"))).toBe(
      true,
    );
    expect(printed.some((line) => line.includes("← 200 GET"))).toBe(true);
    expect(printed.join("\n")).not.toContain(emulator?.adminToken);
  });

  it("scim2.ts: SCIM2Client with builder operations and discovery", async () => {
    const printed = await runExample("scim2.ts", undefined, "v2");
    expect(printed).toEqual([
      expect.stringMatching(/^Mathematician kjohnson\.\w+@example\.com$/),
      "1",
      "User, Group",
    ]);
    // The example removes the group it made.
    expect(emulator?.store.groupCount).toBe(0);
  });

  it("diff.ts: the diff changes what differs and nothing else, on 1.1", async () => {
    const printed = await runExample("diff.ts");
    expect(JSON.parse(printed[0] ?? "")).toEqual([
      { op: "remove", path: "displayName" },
      { op: "replace", path: "title", value: "Professor Emeritus" },
    ]);
    expect(printed.slice(1)).toEqual(['Professor Emeritus ""', "0"]);
  });

  it("export-users.ts: every user once into NDJSON, then a filtered walk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "slack-scim-export-"));
    try {
      const file = join(dir, "users.ndjson");
      vi.stubEnv("EXPORT_FILE", file);
      const printed = await runExample("export-users.ts", { users: 2_345, groups: 3 });
      const ids = readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id);
      expect(ids).toHaveLength(2_345);
      expect(new Set(ids).size).toBe(2_345);
      expect(printed[0]).toBe("exported 2345 users");
      const guests = [...(emulator?.store.users() ?? [])].filter((u) => u.guest !== null).length;
      expect(guests).toBeGreaterThan(0);
      expect(printed[1]).toBe(`${guests} multi-channel guests`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("create-users.ts: paced by Slack's limits, every user once, then a confirmed deactivation", async () => {
    // 25 people: the burst of 20 at once, then the limiter's steady 3 a second for the rest.
    vi.stubEnv("PEOPLE", "25");
    const printed = await runExample("create-users.ts", undefined, "v2");
    expect(printed).toEqual(["25 of 25 users in place", "new.hire.0 deactivated"]);
    const users = [...(emulator?.store.users() ?? [])];
    expect(users).toHaveLength(25);
    expect(new Set(users.map((u) => u.userName)).size).toBe(25);
  });

  it("opentelemetry.ts: one span per attempt and a duration histogram, from the diagnostics channels", async () => {
    expect(await runExample("opentelemetry.ts")).toEqual([
      "GET /scim/v1/Users,GET /scim/v1/ServiceProviderConfigs",
      "2 duration series",
    ]);
  });

  it("prometheus.ts: counts a 429 that the client retried", async () => {
    emulator = await startEmulator({ port: 0 });
    emulator.faults.push({ match: "GET /Users", status: 429, retryAfter: 0 });
    const [metric] = await runIn(emulator, "prometheus.ts", "v1");
    expect(metric).toContain('slack_scim_rate_limited_total{method="GET",path="/scim/v1/Users"} 1');
  });

  it("sync.ts: reads a CSV file, plans, writes and reads the plan, applies it with a journal", async () => {
    const printed = await runExample("sync.ts", undefined, "v2");
    expect(JSON.parse(printed[0] ?? "")).toMatchObject({
      creates: 2,
      updates: 1, // grace's manager, once ada exists
      groupCreates: 2,
      memberAdds: 3,
      deactivations: 0,
    });
    expect(printed.slice(1, -1)).toEqual([
      // At Slack's sustained rates: 2 creates of each kind take 667 ms, 1 user PATCH 333 ms, 2 group PATCHes 667 ms.
      "0/7, about 2 s left",
      ...Array.from({ length: 7 }, (_, i) =>
        expect.stringMatching(new RegExp(`^${i + 1}/7, about \\d s left$`)),
      ),
    ]);
    expect(printed.at(-1)).toBe("in sync");
    const grace = emulator?.store.findUserByUserName("grace");
    expect(grace?.title).toBe("Rear Admiral, retired");
    expect(grace?.enterprise?.managerId).toBe(emulator?.store.findUserByUserName("ada")?.id);
    expect(emulator?.store.findUserByUserName("ada")?.primaryPhone).toBe("+44 20 7946 0000");
    const groups = [...(emulator?.store.groups() ?? [])].map((g) => [g.displayName, g.members.length]);
    expect(groups).toEqual([
      ["Engineering", 2],
      ["Navy", 1],
    ]);
  });

  it("filters.ts: escaped values, and a refused attribute caught before any request", async () => {
    const printed = await runExample("filters.ts", { users: 3, groups: 0 });
    expect(printed[0]).toBe('userName eq "ada \\"the countess\\"" or email eq "ada@example.com"');
    expect(printed[1]).toBe("0");
    expect(printed[2]).toMatch(/^Invalid SCIM filter "title eq \\"Analyst\\"".*title/);
  });
});

describe("every example runs twice, in either order, against one emulator", () => {
  it("makes its own names or cleans up, so a second run (of it or of another) never collides", async () => {
    emulator = await startEmulator({ port: 0, seed: { users: 30, groups: 2 } });
    const seeded = new Set(emulator.store.users().map((u) => u.id));
    const dir = mkdtempSync(join(tmpdir(), "slack-scim-twice-"));
    vi.stubEnv("EXPORT_FILE", join(dir, "users.ndjson"));
    // Few enough people to stay within the POST /Users burst: pacing has its own test above.
    vi.stubEnv("PEOPLE", "5");
    const v2 = new Set(["scim2.ts", "create-users.ts"]);
    // redis-store.ts needs a redis-server (`npm run test:redis` runs it). sync.ts reconciles a whole scope of
    // the org, so beside other examples' users its guard rail refuses (as it should): it runs twice on its own
    // org in the next test.
    const names = readdirSync(new URL("../examples/", import.meta.url)).filter(
      (n) => n.endsWith(".ts") && n !== "redis-store.ts" && n !== "sync.ts",
    );
    const printed = new Map<string, string[][]>();
    try {
      for (const [pass, order] of [names, [...names].reverse()].entries()) {
        for (const name of order) {
          const lines = await runIn(emulator, name, v2.has(name) ? "v2" : "v1", String(pass));
          printed.set(name, [...(printed.get(name) ?? []), lines]);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const name of names) expect(printed.get(name), name).toHaveLength(2);
    expect(printed.get("intro.ts")?.[1]).toEqual(["1 true"]);
    expect(printed.get("errors.ts")?.[1]).toEqual([
      expect.stringMatching(/^409 username_taken username_taken \(username=hopper\./),
    ]);
    // create-users.ts is idempotent instead: a second run finds its people in place (409 → the existing user).
    expect(printed.get("create-users.ts")?.[1]).toEqual(["5 of 5 users in place", "new.hire.0 deactivated"]);
    expect(printed.get("diff.ts")?.[1]?.slice(1)).toEqual(['Professor Emeritus ""', "0"]);
    // No two users share an email, and every example's user exists once per run.
    expect(new Set(emulator.store.users().map((u) => u.primaryEmail)).size).toBe(emulator.store.userCount);
    const users = emulator.store.users().filter((u) => !seeded.has(u.id));
    for (const prefix of ["grace.", "hopper.", "cal.", "chenderson.", "edsger.", "katherine."]) {
      const made = users.filter((u) => u.userName.startsWith(prefix)).length;
      expect(made, prefix).toBe(prefix === "cal." ? 0 : 2);
    }
  }, 60_000);
});

describe("sync.ts twice on one org", () => {
  it("changes nothing the second time", async () => {
    const org = await startEmulator({ port: 0 });
    try {
      await runIn(org, "sync.ts", "v2", "first");
      const second = await runIn(org, "sync.ts", "v2", "second");
      expect(JSON.parse(second[0] ?? "")).toMatchObject({ creates: 0, updates: 0, deactivations: 0 });
      expect(second.at(-1)).toBe("in sync");
    } finally {
      await org.close();
    }
  });
});
