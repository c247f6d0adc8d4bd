import { describe, expect, it } from "vitest";
import { cli, clientOf, exampleOrg, ndjson, startOrg } from "./helpers/cli.js";

describe("groups", () => {
  it("lists groups as NDJSON, a table, JSON or CSV", async () => {
    const org = await startOrg({ seed: { users: 10, groups: 4 } });
    const piped = await cli(["groups", "list"], { org });
    expect(piped.code).toBe(0);
    expect(ndjson(piped.stdout)).toHaveLength(4);
    const table = await cli(["groups", "list", "--no-color"], { org, tty: { columns: 80 } });
    expect(table.stdout.split("\n")[0]).toMatch(/^id\s+displayName\s+memberCount$/);
    const csv = await cli(["groups", "list", "--format", "csv", "--limit", "2"], { org });
    expect(csv.stdout.split("\n")[0]).toBe("id,displayName,memberCount,members,externalId,created");
    expect(csv.stdout.trim().split("\n")).toHaveLength(3);
    const json = await cli(["groups", "list", "--format", "json", "--fields", "displayName"], { org });
    expect(
      (JSON.parse(json.stdout) as unknown[]).every((g) => Object.keys(g as object).join() === "displayName"),
    ).toBe(true);
  });

  it("gets a group by id or name, with its members in a second table", async () => {
    const { emulator } = await exampleOrg();
    const byName = await cli(["groups", "get", "pioneers"], { org: emulator });
    expect(JSON.parse(byName.stdout)).toMatchObject({ id: "STEST000001", displayName: "pioneers" });
    const table = await cli(["groups", "get", "STEST000001", "--no-color"], {
      org: emulator,
      tty: { columns: 80 },
    });
    expect(table.stdout).toMatch(/^displayName\s+pioneers$/m);
    expect(table.stdout).toMatch(/^member\s+display$/m);
    expect(table.stdout).toMatch(/^WTEST000002\s+/m);
  });

  it("creates a group with members and prints its id; renames and deletes it", async () => {
    const { emulator } = await exampleOrg();
    const created = await cli(
      ["groups", "create", "analysts", "--member", "ada.lovelace", "--member", "alan@example.com"],
      {
        org: emulator,
      },
    );
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    const client = clientOf(emulator);
    expect((await client.readGroup(id)).group.members?.map((m) => m.value).sort()).toEqual([
      "WTEST000002",
      "WTEST000003",
    ]);
    const renamed = await cli(["groups", "rename", "analysts", "research", "--format", "json"], {
      org: emulator,
    });
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout).displayName).toBe("research");
    const refused = await cli(["groups", "delete", "research"], { org: emulator });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("rerun with --yes");
    const deleted = await cli(["groups", "delete", id, "--yes"], { org: emulator });
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toContain(`deleted group research (${id})`);
    await expect(client.readGroup(id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it("adds and removes members with one PATCH each, skipping those already in or out", async () => {
    for (const version of [2, 1] as const) {
      const { emulator } = await exampleOrg();
      const added = await cli(
        ["groups", "add-members", "pioneers", "alan.turing", "ada.lovelace", "edsger@example.com"],
        {
          org: emulator,
          version,
        },
      );
      expect(added.code).toBe(0);
      expect(added.stderr).toContain("added 2 users to pioneers (STEST000001); 1 user already in the group");
      const client = clientOf(emulator);
      expect((await client.readGroup("STEST000001")).group.members).toHaveLength(3);
      const removed = await cli(
        ["groups", "remove-members", "pioneers", "alan.turing", "W0123ABCDEF", "--format", "json"],
        {
          org: emulator,
          version,
        },
      );
      expect(removed.code).toBe(0);
      expect(removed.stderr).toContain("removed 1 user from pioneers (STEST000001); 1 user not in the group");
      expect(JSON.parse(removed.stdout).members).toHaveLength(2);
    }
  });

  it("names both groups when a display name matches two (exit 2), and the lookups when none", async () => {
    const { emulator } = await exampleOrg();
    await clientOf(emulator).createGroup({ displayName: "pioneers" });
    const two = await cli(["groups", "get", "pioneers"], { org: emulator });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(
      '"pioneers" matches 2 groups: STEST000001 (pioneers); STEST000002 (pioneers)',
    );
    expect(two.stderr).toContain("use the id of the one you mean");
    const none = await cli(["groups", "add-members", "S999999", "ada.lovelace"], { org: emulator });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'no group matches "S999999" (tried id S999999, then filter displayName eq "S999999")',
    );
  });

  it("shows a progress bar while resolving many members on a terminal", async () => {
    const { emulator } = await exampleOrg();
    const { code, stderr } = await cli(
      ["groups", "add-members", "pioneers", "alan.turing", "W0123ABCDEF", "edsger.dijkstra", "ada.lovelace"],
      { org: emulator, tty: { columns: 100 } },
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/resolving users .*4\/4 100%/);
  });
});
