import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { start } from "./helpers/server.js";

describe("seed", () => {
  it("is deterministic and realistic", () => {
    const a = createEmulator({ seed: { users: 300, groups: 10, random: 42 } });
    const b = createEmulator({ seed: { users: 300, groups: 10, random: 42 } });
    const c = createEmulator({ seed: { users: 300, groups: 10, random: 43 } });
    expect(b.store.users()).toEqual(a.store.users());
    expect(b.store.groups()).toEqual(a.store.groups());
    expect(c.store.users()[0]?.id).not.toBe(a.store.users()[0]?.id);
    const users = a.store.users();
    expect(new Set(users.map((u) => u.userName)).size).toBe(300);
    expect(users.every((u) => /^W[A-Z0-9]{10}$/.test(u.id) && u.userName.length <= 21)).toBe(true);
    expect(users.some((u) => !u.active)).toBe(true);
    expect(users.some((u) => u.guest !== null)).toBe(true);
    expect(users.some((u) => u.ultraRestricted)).toBe(true);
    expect(users.some((u) => u.enterprise?.department)).toBe(true);
    expect(new Set(users.map((u) => u.timezone)).size).toBeGreaterThan(3);
    const groups = a.store.groups();
    expect(groups.every((g) => /^S[A-Z0-9]{10}$/.test(g.id) && g.members.length > 0)).toBe(true);
    expect(groups.every((g) => g.members.every((id) => a.store.getUser(id)?.active))).toBe(true);
  });

  it("seeds 100,000 users and answers filtered searches from the indexes", async () => {
    const { call, emulator } = await start({ seed: { users: 100_000, groups: 50, random: 3 } });
    expect(emulator.store.userCount).toBe(100_000);
    const all = emulator.store.users();
    expect(new Set(all.map((u) => u.userName)).size).toBe(100_000);
    const emails = all.flatMap((u) =>
      u.secondaryEmail === null ? [u.primaryEmail] : [u.primaryEmail, u.secondaryEmail],
    );
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(emails.length);
    expect(all.every((u) => u.userName.length <= 21)).toBe(true);
    // Every seeded user is editable: a write checks uniqueness against the whole org.
    const last = all[99_999] as (typeof all)[number];
    const edit = await call(1, "PATCH", `Users/${last.id}`, {
      schemas: ["urn:scim:schemas:core:1.0"],
      title: "x",
    });
    expect(edit.status).toBe(200);
    const target = emulator.store.users()[77_777];
    const byName = await call(
      2,
      "GET",
      `Users?filter=${encodeURIComponent(`userName eq "${target?.userName}"`)}`,
    );
    expect(byName.json.totalResults).toBe(1);
    expect(byName.json.Resources[0].id).toBe(target?.id);
    const byEmail = await call(
      1,
      "GET",
      `Users?filter=${encodeURIComponent(`email eq "${target?.primaryEmail.toUpperCase()}"`)}`,
    );
    expect(byEmail.json.Resources[0].id).toBe(target?.id);
    expect(emulator.store.findUserByExternalId(target?.externalId as string)?.id).toBe(target?.id);
    const deep = await call(2, "GET", "Users?startIndex=50001&count=100");
    expect(deep.json.itemsPerPage).toBe(100);
    expect(deep.json.Resources[0].id).toBe(emulator.store.users()[50_000]?.id);
    const guests = await call(1, "GET", `Users?count=1&filter=${encodeURIComponent("restricted eq 1")}`);
    expect(guests.json.totalResults).toBeGreaterThan(1000);
    // Correctness, not speed: seeding 100,000 users takes about a second alone, several on a busy machine.
  }, 30_000);
});
