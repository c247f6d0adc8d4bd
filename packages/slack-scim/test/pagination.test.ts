import { afterEach, describe, expect, it } from "vitest";
import { SCIMClient } from "../src/index.js";
import { silentLogger, v1Client } from "./helpers/clients.js";
import { listServer, query, roster, slice } from "./helpers/list-server.js";
import type { TestServer } from "./helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const ids = (users: { id?: string }[]) => users.map((u) => u.id);

describe("iterateUsers and paginateUsers on purpose-made servers", () => {
  it("sends no request before the first next() and none after break", async () => {
    const all = roster(30);
    server = await listServer((start, count) => slice(all, start, count));
    const client = v1Client(server.v1);
    const walk = client.iterateUsers({ pageSize: 10 });
    expect(server.requests).toHaveLength(0);
    let seen = 0;
    for await (const _user of walk) {
      seen += 1;
      if (seen === 3) break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it("serves next() calls made while a page loads in order, each user once", async () => {
    const all = roster(25);
    server = await listServer((start, count) => slice(all, start, count));
    const walk = v1Client(server.v1).iterateUsers({ pageSize: 10 });
    const results = await Promise.all(Array.from({ length: 27 }, () => walk.next()));
    expect(results.slice(0, 25).map((r) => (r.done ? undefined : r.value.id))).toEqual(all);
    expect(results.slice(25).every((r) => r.done)).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it("pages by startIndex and count and stops at totalResults", async () => {
    const all = roster(25);
    server = await listServer((start, count) => slice(all, start, count));
    const pages = await collect(v1Client(server.v1).paginateUsers({ pageSize: 10 }));
    expect(pages.map((p) => p.users.length)).toEqual([10, 10, 5]);
    expect(server.requests.map((r) => [query(r).get("startIndex"), query(r).get("count")])).toEqual([
      ["1", "10"],
      ["11", "10"],
      ["21", "10"],
    ]);
  });

  it("never asks for more than 1,000 per page", async () => {
    const all = roster(1500);
    server = await listServer((start, count) => slice(all, start, count));
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 5000 }));
    expect(users).toHaveLength(1500);
    expect(server.requests.map((r) => query(r).get("count"))).toEqual(["1000", "1000"]);
  });

  it("passes the filter on every page and starts at startIndex", async () => {
    const all = roster(12);
    server = await listServer((start, count) => slice(all, start, count));
    const users = await collect(
      v1Client(server.v1).iterateUsers({ filter: 'userName sw "u"', pageSize: 5, startIndex: 6 }),
    );
    expect(ids(users)).toEqual(all.slice(5));
    for (const r of server.requests) expect(query(r).get("filter")).toBe('userName sw "u"');
  });

  it("pages a server that ignores count by what it sends, each id once", async () => {
    const all = roster(95);
    server = await listServer((start) => ({ ids: all.slice(start - 1, start - 1 + 40), total: all.length }));
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 7 }));
    expect(ids(users)).toEqual(all);
    expect(server.requests).toHaveLength(3);
  });

  it("stops on a server that answers every page with the whole roster", async () => {
    const all = roster(20);
    server = await listServer(() => ({ ids: all, total: all.length }));
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 5 }));
    expect(ids(users)).toEqual(all);
    expect(server.requests).toHaveLength(1);
  });

  it("stops, with a warning, on a server that repeats a page instead of moving on", async () => {
    const all = roster(50);
    const lines: string[] = [];
    server = await listServer((start, count) => slice(all, Math.min(start, 11), count));
    const client = v1Client(server.v1, { logger: silentLogger(lines) });
    const users = await collect(client.iterateUsers({ pageSize: 10 }));
    expect(ids(users)).toEqual(all.slice(0, 20));
    expect(server.requests.length).toBeLessThanOrEqual(3);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("repeats"))).toBe(true);
  });

  it("stops on a server that always sends the first page (it cannot loop)", async () => {
    const all = roster(50);
    server = await listServer((_start, count) => slice(all, 1, count));
    const pages = await collect(v1Client(server.v1).paginateUsers({ pageSize: 10 }));
    expect(pages).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it("stops on an empty page even when totalResults says more", async () => {
    const all = roster(15);
    server = await listServer((start, count) => ({ ...slice(all, start, count), total: 1000 }));
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 10 }));
    expect(users).toHaveLength(15);
    expect(server.requests).toHaveLength(3);
  });

  it("yields no user twice when users are added before the cursor mid-walk, and logs the drift", async () => {
    let all = roster(30);
    const lines: string[] = [];
    server = await listServer((start, count) => {
      const page = slice(all, start, count);
      if (start === 11) all = ["A0001", "A0002", "A0003", ...all];
      return page;
    });
    const client = v1Client(server.v1, { logger: silentLogger(lines) });
    const users = await collect(client.iterateUsers({ pageSize: 10 }));
    const got = ids(users);
    expect(new Set(got).size).toBe(got.length);
    for (const id of roster(30)) expect(got).toContain(id);
    expect(lines.some((l) => l.startsWith("warn") && l.includes("totalResults changed from 30 to 33"))).toBe(
      true,
    );
  });

  it.each([1, 2, 3, 10])(
    "yields every user once when a page's worth is added before the cursor (pageSize %i)",
    async (pageSize) => {
      // Slack's list order is not documented: here it is by userName, and new users sort first.
      const original = roster(25);
      let all = [...original];
      let added = false;
      server = await listServer((start, count) => {
        const page = slice(all, start, count);
        if (!added) {
          added = true;
          const newcomers = Array.from({ length: pageSize * 3 }, (_, i) => `A${String(i).padStart(4, "0")}`);
          all = [...newcomers, ...all];
        }
        return page;
      });
      const lines: string[] = [];
      const users = await collect(
        v1Client(server.v1, { logger: silentLogger(lines) }).iterateUsers({ pageSize }),
      );
      const got = ids(users);
      expect(new Set(got).size).toBe(got.length);
      expect(got.filter((id) => id?.startsWith("U"))).toEqual(original);
      expect(lines.some((l) => l.includes("stopping the walk"))).toBe(false);
    },
  );

  it("repeats no user when more than a page is added before the cursor", async () => {
    const original = roster(30);
    let all = [...original];
    let pagesServed = 0;
    server = await listServer((start, count) => {
      const page = slice(all, start, count);
      pagesServed += 1;
      if (pagesServed === 2) all = [...Array.from({ length: 7 }, (_, i) => `A${i}`), ...all];
      return page;
    });
    const got = ids(await collect(v1Client(server.v1).iterateUsers({ pageSize: 5 })));
    expect(new Set(got).size).toBe(got.length);
    expect(got.filter((id) => id?.startsWith("U"))).toEqual(original);
  });

  it("skips no user when more than a page leaves before the cursor", async () => {
    const original = roster(30);
    let all = [...original];
    let pagesServed = 0;
    server = await listServer((start, count) => {
      const page = slice(all, start, count);
      pagesServed += 1;
      if (pagesServed === 2) all = all.slice(7); // U0001–U0007, all already yielded, leave
      return page;
    });
    const got = ids(await collect(v1Client(server.v1).iterateUsers({ pageSize: 5 })));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(original);
  });

  it("skips no remaining user when users before the cursor leave mid-walk", async () => {
    let all = roster(30);
    server = await listServer((start, count) => {
      const page = slice(all, start, count);
      if (start === 11 && all.length === 30) all = all.filter((id) => id !== "U0002" && id !== "U0005");
      return page;
    });
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 10 }));
    const got = ids(users);
    expect(new Set(got).size).toBe(got.length);
    for (const id of all) expect(got).toContain(id);
  });

  it("waits out a 429 on a later page and resumes where it was", async () => {
    const all = roster(30);
    let limited = false;
    server = await listServer((start, count) => {
      if (start === 11 && !limited) {
        limited = true;
        return { status: 429, headers: { "retry-after": "0" } };
      }
      return slice(all, start, count);
    });
    const users = await collect(v1Client(server.v1).iterateUsers({ pageSize: 10 }));
    expect(ids(users)).toEqual(all);
    expect(server.requests).toHaveLength(4);
  });

  it("rejects with the signal's reason when aborted mid-walk, and fetches nothing more", async () => {
    const all = roster(100);
    server = await listServer((start, count) => slice(all, start, count));
    const controller = new AbortController();
    const walk = v1Client(server.v1).iterateUsers({ pageSize: 10, signal: controller.signal });
    const reason = new Error("stop");
    let seen = 0;
    await expect(
      (async () => {
        for await (const _user of walk) {
          seen += 1;
          if (seen === 15) controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it("walks groups too", async () => {
    const all = roster(12).map((id) => id.replace("U", "S"));
    server = await startGroupsServer(all);
    const groups = await collect(v1Client(server.v1).iterateGroups({ pageSize: 5 }));
    expect(ids(groups)).toEqual(all);
    expect(server.requests.every((r) => r.url.startsWith("/scim/v1/Groups?"))).toBe(true);
    const pages = await collect(v1Client(server.v1).paginateGroups({ pageSize: 5 }));
    expect(pages.map((p) => p.groups.length)).toEqual([5, 5, 2]);
  });

  it("checks pageSize, startIndex and filter before any request", () => {
    const client = new SCIMClient("xoxp-1", { baseUrl: "http://127.0.0.1:9/scim/v1/" });
    expect(() => client.iterateUsers({ pageSize: 0 })).toThrow(RangeError);
    expect(() => client.iterateUsers({ pageSize: 1.5 })).toThrow(/pageSize/);
    expect(() => client.paginateUsers({ pageSize: "10" as unknown as number })).toThrow(TypeError);
    expect(() => client.paginateGroups({ startIndex: 0 })).toThrow(/startIndex/);
    expect(() => client.iterateUsers({ filter: "title eq 1" })).toThrow(TypeError);
    expect(() => client.iterateGroups({ filter: 'userName eq "a"' })).toThrow(/displayName/);
  });
});

function startGroupsServer(all: string[]): Promise<TestServer> {
  return listServer((start, count) => slice(all, start, count));
}
