import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BaseSCIMClient } from "../src/client/base-client.js";
import { SCIM2Client, SCIMClient } from "../src/index.js";
import { instantHandlers, silentLogger } from "./helpers/clients.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: { users: 2500, groups: 30, random: 7 } });
});
afterAll(() => emulator.close());

const versions = [
  {
    name: "SCIMClient",
    make: (o = {}) => new SCIMClient(emulator.adminToken, { baseUrl: emulator.v1BaseUrl, ...o }),
  },
  {
    name: "SCIM2Client",
    make: (o = {}) => new SCIM2Client(emulator.adminToken, { baseUrl: emulator.v2BaseUrl, ...o }),
  },
] as const;

function quiet(lines: string[] = []) {
  return { logger: silentLogger(lines), retryHandlers: instantHandlers() };
}

async function allIds(client: BaseSCIMClient, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  for await (const user of client.iterateUsers({ pageSize })) out.push(user.id ?? "");
  return out;
}

describe.each(versions)("$name walks the emulator's 2,500 users", ({ make }) => {
  // pageSize 1 is 2,500 sequential requests: about 2 s alone, more on a busy 2-core machine.
  it.each([1, 7, 1000, 5000])(
    "yields every id exactly once with pageSize %i",
    { timeout: 20_000 },
    async (pageSize) => {
      const client = make(quiet());
      const expected = [...emulator.store.users()].map((u) => u.id).sort();
      const got = await allIds(client, pageSize);
      expect(expected.length).toBeGreaterThanOrEqual(2500);
      expect(got).toHaveLength(expected.length);
      expect([...got].sort()).toEqual(expected);
    },
  );

  it("yields no user twice and logs the drift when users are created and deactivated mid-walk", async () => {
    const lines: string[] = [];
    const client = make(quiet(lines));
    const writer = make(quiet());
    const before = [...emulator.store.users()].map((u) => u.id);
    const got: string[] = [];
    let page = 0;
    for await (const p of client.paginateUsers({ pageSize: 250 })) {
      page += 1;
      for (const u of p.users) got.push(u.id ?? "");
      if (page === 3) {
        for (let i = 0; i < 20; i += 1) {
          const tag = `${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`;
          await writer.createUser({
            userName: `drift${tag}`,
            emails: [{ value: `drift${tag}@acme.example` }],
          });
        }
        for (const id of before.slice(100, 110)) await writer.deleteUser(id);
      }
    }
    const items: string[] = [];
    for await (const u of make(quiet()).iterateUsers({ pageSize: 333 })) items.push(u.id ?? "");
    expect(new Set(items).size).toBe(items.length);
    for (const id of before) expect(items).toContain(id);
    for (const id of before) expect(got).toContain(id);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("totalResults changed"))).toBe(true);
  });

  it("pages groups", async () => {
    const client = make(quiet());
    const pages = [];
    for await (const page of client.paginateGroups({ pageSize: 7 })) pages.push(page.groups.length);
    expect(pages).toEqual([7, 7, 7, 7, 2]);
  });
});
