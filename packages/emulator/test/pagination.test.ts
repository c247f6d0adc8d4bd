import { describe, expect, it } from "vitest";
import { start, urn } from "./helpers/server.js";

describe("pagination", () => {
  it("defaults to count 10 from startIndex 1, with the version's envelope and key order", async () => {
    const { call } = await start({ seed: { users: 25, groups: 12 } });
    const v1 = await call(1, "GET", "Users");
    expect(Object.keys(v1.json)).toEqual([
      "totalResults",
      "itemsPerPage",
      "startIndex",
      "schemas",
      "Resources",
    ]);
    expect(v1.json).toMatchObject({
      totalResults: 25,
      itemsPerPage: 10,
      startIndex: 1,
      schemas: [urn.core1],
    });
    const v2 = await call(2, "GET", "Groups");
    expect(Object.keys(v2.json)).toEqual([
      "schemas",
      "Resources",
      "totalResults",
      "itemsPerPage",
      "startIndex",
    ]);
    expect(v2.json).toMatchObject({
      schemas: [urn.list2],
      totalResults: 12,
      itemsPerPage: 10,
      startIndex: 1,
    });
  });

  it("pages 1-based, in a stable order, with itemsPerPage = resources returned", async () => {
    const { call, emulator } = await start({ seed: { users: 25 } });
    const all = emulator.store.users().map((u) => u.id);
    const page = await call(2, "GET", "Users?count=1&startIndex=2");
    expect(page.json).toMatchObject({ itemsPerPage: 1, startIndex: 2, totalResults: 25 });
    expect(page.json.Resources[0].id).toBe(all[1]);
    const last = await call(1, "GET", "Users?startIndex=21&count=10");
    expect(last.json.itemsPerPage).toBe(5);
    expect(last.json.Resources.map((r: { id: string }) => r.id)).toEqual(all.slice(20));
    const lower = await call(1, "GET", "Users?startindex=11&COUNT=3");
    expect(lower.json.Resources.map((r: { id: string }) => r.id)).toEqual(all.slice(10, 13));
  });

  it("handles the edges: past the end, count=0, count=5000, startIndex<1, garbage", async () => {
    const { call } = await start({ seed: { users: 1200 } });
    const past = await call(1, "GET", "Users?startIndex=5000");
    expect(past.json).toMatchObject({ totalResults: 1200, itemsPerPage: 0, startIndex: 5000, Resources: [] });
    const zero = await call(2, "GET", "Users?count=0");
    expect(zero.json).toMatchObject({ totalResults: 1200, itemsPerPage: 0, Resources: [] });
    const big = await call(2, "GET", "Users?count=5000");
    expect(big.json.itemsPerPage).toBe(1000);
    expect(big.json.Resources).toHaveLength(1000);
    const second = await call(2, "GET", "Users?count=1000&startIndex=1001");
    expect(second.json.itemsPerPage).toBe(200);
    const negative = await call(1, "GET", "Users?startIndex=-3&count=abc");
    expect(negative.json).toMatchObject({ startIndex: 1, itemsPerPage: 10 });
    const sort = await call(1, "GET", "Users?sortOrder=sideways");
    expect(sort.json).toEqual({ Errors: { description: "invalid_sort_order", code: 400 } });
    expect((await call(1, "GET", "Users?sortOrder=descending&sortBy=userName")).status).toBe(200);
  });
});
