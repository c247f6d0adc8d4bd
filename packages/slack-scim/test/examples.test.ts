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
  vi.stubEnv("SLACK_ORG_ADMIN_USER_TOKEN", emulator.adminToken);
  vi.stubEnv("SLACK_SCIM_BASE_URL", version === "v1" ? emulator.v1BaseUrl : emulator.v2BaseUrl);
  const printed: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  vi.spyOn(console, "debug").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  await import(/* @vite-ignore */ `../examples/${name}`);
  return printed;
}

describe("every README example runs against the emulator", () => {
  it("intro.ts (the repository's front page): create, find, deactivate", async () => {
    expect(await runExample("intro.ts")).toEqual(["1 true"]);
  });

  it("quick-start.ts: search, create, patch, update, deactivate", async () => {
    const printed = await runExample("quick-start.ts", { users: 5, groups: 2 });
    expect(printed[0]).toBe("0 0 0 1");
    expect(printed[1]?.split(",")).toHaveLength(2);
    expect(printed[2]).toBe("201");
    const { SCIMClient } = await import("slack-scim");
    const client = new SCIMClient(emulator?.adminToken, { baseUrl: emulator?.v1BaseUrl });
    const { users } = await client.searchUsers({ filter: 'userName eq "chenderson"' });
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
    expect(printed).toEqual(["Mathematician katherine.johnson@example.com", "1", "User, Group"]);
  });

  it("diff.ts: the diff changes what differs and nothing else, on 1.1", async () => {
    const printed = await runExample("diff.ts");
    expect(JSON.parse(printed[0] ?? "")).toEqual([
      { op: "remove", path: "displayName" },
      { op: "replace", path: "title", value: "Professor Emeritus" },
    ]);
    expect(printed.slice(1)).toEqual(['Professor Emeritus ""', "0"]);
  });
});
