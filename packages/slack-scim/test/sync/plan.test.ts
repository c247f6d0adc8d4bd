import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SCIM2Schemas, scimFilter } from "../../src/index.js";
import {
  applyPlan,
  checkPlan,
  type DesiredSyncUser,
  parsePlan,
  planSync,
  readDesiredUsers,
  SyncInputError,
  type SyncPlan,
  serializePlan,
  type UpdateUserStep,
} from "../../src/sync/index.js";
import { issuesOf, tempDir, v1Client, v2Client } from "./helpers.js";
import { freshOrg, peopleCSV } from "./org.js";

let emulator: StartedEmulator;
let ids: Map<string, string>;
const temp = tempDir();
const ENT = SCIM2Schemas.Enterprise;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
  temp.remove();
});
beforeEach(async () => {
  ids = await freshOrg(emulator, v2Client(emulator));
});

const desired = () => readDesiredUsers(temp.file("people.csv", peopleCSV));
const id = (name: string) => ids.get(name) as string;
const stepIds = (plan: SyncPlan) => plan.steps.map((s) => s.id);

describe("planSync", () => {
  it("plans creates, field-level updates, a reactivation, deactivations and memberships", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, await desired(), {
      deactivateMissing: true,
      scope: { filter: scimFilter`email co ${"@acme.example"}` },
      protectedUsers: ["it-bot"],
    });
    expect(plan.summary).toEqual({
      creates: 2,
      updates: 2,
      reactivations: 1,
      deactivations: 2,
      groupCreates: 1,
      memberAdds: 4,
      memberRemoves: 1,
      unchanged: 1,
      conflicts: 0,
    });
    expect(stepIds(plan)).toEqual([
      "create-user:hal",
      "create-user:ivy",
      "create-group:analytics",
      `update-user:${id("ada.old")}`,
      `update-user:${id("cal")}`,
      "set-manager:ivy",
      expect.stringMatching(/^add-members:S\w+:1$/),
      "add-members:analytics:1",
      expect.stringMatching(/^remove-members:S\w+:1$/),
      `deactivate-user:${id("fay")}`,
      `deactivate-user:${id("dan")}`,
    ]);
    const ada = plan.steps.find((s) => s.id === `update-user:${id("ada.old")}`) as UpdateUserStep;
    expect(ada.kind).toBe("updateUser");
    expect(ada.pin).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(ada.changes).toEqual([
      { attribute: "userName", from: "ada.old", to: "ada" },
      { attribute: "title", from: "Analyst", to: "Principal Analyst" },
      { attribute: "manager", from: null, to: "grace" },
    ]);
    expect(ada.operations).toEqual([
      { op: "replace", path: "userName", value: "ada" },
      { op: "replace", path: "title", value: "Principal Analyst" },
      { op: "add", path: ENT, value: { manager: { managerId: id("grace") } } },
    ]);
    const cal = plan.steps.find((s) => s.id === `update-user:${id("cal")}`) as UpdateUserStep;
    expect(cal.kind).toBe("reactivateUser");
    expect(cal.operations).toEqual([{ op: "replace", path: "active", value: true }]);
    const hal = plan.steps[0];
    expect(hal).toMatchObject({
      kind: "createUser",
      user: {
        userName: "hal",
        emails: [{ value: "hal@acme.example", primary: true }],
        name: { givenName: "Hal", familyName: "Newhire" },
        externalId: "hr-9",
        [ENT]: { department: "Engines", manager: { managerId: id("ada.old") } },
      },
      source: { line: 6 },
    });
    // ivy's manager is hal, who does not exist yet: the manager is set once hal is created.
    expect(plan.steps.find((s) => s.id === "set-manager:ivy")).toMatchObject({
      user: { createStep: "create-user:ivy" },
      manager: { createStep: "create-user:hal", userName: "hal" },
    });
    const adds = plan.steps.filter((s) => s.kind === "addMembers");
    expect(adds.map((s) => [s.displayName, s.members.map((m) => m.userName)])).toEqual([
      ["Engineering", ["grace", "hal"]],
      ["Analytics", ["ada.old", "ivy"]],
    ]);
    expect(plan.steps.find((s) => s.kind === "removeMembers")).toMatchObject({
      displayName: "Engineering",
      members: [{ id: id("dan"), userName: "dan" }],
    });
    expect(plan.org).toEqual({ users: 7, activeUsers: 6, groups: 2, activeInScope: 4 });
    expect(plan.baseUrl).toBe(emulator.v2BaseUrl);
    expect(plan.scimVersion).toBe(2);
    expect(Date.now() - Date.parse(plan.createdAt)).toBeLessThan(60_000);
  });

  it("deactivates nobody missing without deactivateMissing, and never protected users or users outside the scope", async () => {
    const client = v2Client(emulator);
    const records = await desired();
    const without = await planSync(client, records);
    expect(without.steps.filter((s) => s.kind === "deactivateUser").map((s) => s.user.userName)).toEqual([
      "fay",
    ]);
    expect(without.org.activeInScope).toBeNull();
    const everyone = await planSync(client, records, { deactivateMissing: true, scope: { exclude: [] } });
    expect(everyone.steps.filter((s) => s.kind === "deactivateUser").map((s) => s.user.userName)).toEqual([
      "fay",
      "dan",
      "it-bot",
      "eve",
    ]);
    const excluded = await planSync(client, records, {
      deactivateMissing: true,
      scope: { exclude: [id("dan"), "EVE@partner.example"] },
      protectedUsers: ["It-Bot", "fay"],
    });
    expect(excluded.steps.filter((s) => s.kind === "deactivateUser")).toEqual([]);
    expect(excluded.conflicts).toEqual([
      {
        name: "fay",
        reason: "a protected user is never deactivated",
        source: { file: expect.any(String), line: 5 },
      },
    ]);
  });

  it("matches by externalId, then userName, then email; matchBy changes the order", async () => {
    const client = v2Client(emulator);
    // ada matches by email too, but externalId comes first; with userName only she is someone new whose email is taken.
    const records: DesiredSyncUser[] = [
      { userName: "ada", email: "ada@acme.example", externalId: "hr-1" },
      { userName: "graceh", email: "grace@acme.example" },
    ];
    const plan = await planSync(client, records);
    expect(stepIds(plan)).toEqual([`update-user:${id("ada.old")}`, `update-user:${id("grace")}`]);
    const byName = await planSync(client, records, { matchBy: ["userName"] });
    expect(byName.steps).toEqual([]);
    expect(byName.conflicts.map((c) => c.reason)).toEqual([
      `email "ada@acme.example" belongs to another Slack user (${id("ada.old")})`,
      `email "grace@acme.example" belongs to another Slack user (${id("grace")})`,
    ]);
  });

  it("makes a conflict, not a step, of records that cannot be applied", async () => {
    const client = v2Client(emulator);
    await client.createGroup({ displayName: "Old" });
    const records: DesiredSyncUser[] = [
      // Matched by externalId, but the userName it asks for belongs to grace.
      { userName: "grace", email: "ada@acme.example", externalId: "hr-1", groups: ["Old"] },
      // Both match dan.
      { userName: "dan", email: "dan.brown@acme.example" },
      { userName: "danny", email: "DAN@acme.example", groups: ["Old"] },
      // A full name cleared by a record that gives no other: Slack refuses it.
      { userName: "cal", email: "cal@acme.example", givenName: null, familyName: null },
    ];
    const plan = await planSync(client, records);
    expect(plan.conflicts.map((c) => [c.name, c.reason])).toEqual([
      ["grace", `userName "grace" belongs to another Slack user (${id("grace")})`],
      ["dan", `another record of the input matches the same Slack user (${id("dan")})`],
      ["danny", `another record of the input matches the same Slack user (${id("dan")})`],
      ["Old", "2 Slack groups have this name"],
    ]);
    // cal's empty names leave his name alone (both empty), so he is only reactivated.
    expect(stepIds(plan)).toEqual([`update-user:${id("cal")}`]);
  });

  it("pins, by reading it again, a user a record named but matched less well than another", async () => {
    const client = v2Client(emulator);
    // x1 holds the record's email, and comes first in the walk; "a" has the record's userName, which ranks higher.
    const { user: x1 } = await client.createUser({ userName: "x1", emails: [{ value: "a@acme.example" }] });
    const { user: a } = await client.createUser({ userName: "a", emails: [{ value: "a2@acme.example" }] });
    const plan = await planSync(client, [{ userName: "a", email: "a@acme.example" }], {
      deactivateMissing: true,
      scope: { filter: 'userName eq "x1" or userName eq "a"' },
    });
    expect(plan.conflicts.map((c) => c.reason)).toEqual([
      `email "a@acme.example" belongs to another Slack user (${x1.id})`,
    ]);
    // The record is a conflict, so "a" is left alone; x1 is in the scope and no record keeps it.
    expect(plan.steps).toEqual([
      {
        id: `deactivate-user:${x1.id}`,
        kind: "deactivateUser",
        user: { id: x1.id, userName: "x1" },
        pin: expect.stringMatching(/^sha256:[0-9a-f]{32}$/),
        reason: "missing",
      },
    ]);
    // The pin is the one apply sees: the deactivation goes through.
    const report = await applyPlan(client, plan, { maxDeactivations: 1 });
    expect(report.steps.map((s) => s.status)).toEqual(["done"]);
    expect(emulator.store.getUser(a.id as string)?.active).toBe(true);
  });

  it("refuses, with the record's line, a manager who is nobody in the input or in Slack", async () => {
    const client = v2Client(emulator);
    const file = temp.file(
      "managers.csv",
      "userName,email,manager\nada,ada@acme.example,grace\nzed,zed@acme.example,nobody@acme.example\n",
    );
    const issues = await issuesOf(planSync(client, await readDesiredUsers(file)));
    expect(issues).toEqual([
      {
        file,
        line: 3,
        column: "manager",
        message: 'manager "nobody@acme.example" names nobody in the input or in Slack',
      },
    ]);
  });

  it("gives a user who changes in nothing else a manager the plan creates", async () => {
    const client = v2Client(emulator);
    const records: DesiredSyncUser[] = [
      { userName: "boss", email: "boss@acme.example" },
      { userName: "grace", email: "grace@acme.example", manager: "boss" },
    ];
    const plan = await planSync(client, records);
    expect(plan.steps.map((s) => s.id)).toEqual(["create-user:boss", `update-user:${id("grace")}`]);
    expect(plan.steps[1]).toMatchObject({ operations: [], manager: { createStep: "create-user:boss" } });
    await applyPlan(client, plan);
    const grace = emulator.store.findUserByUserName("grace");
    expect(grace?.enterprise?.managerId).toBe(emulator.store.findUserByUserName("boss")?.id);
  });

  it("names every user it shows by Slack's userName: a matched member it removes, a current manager", async () => {
    const client = v2Client(emulator);
    await client.patchUser(id("ada.old"), [
      { op: "replace", value: { [ENT]: { manager: { managerId: id("grace") } } } },
    ]);
    const records: DesiredSyncUser[] = [
      // Matched by externalId: Slack knows her as ada.old. Her manager moves from grace (a record) to cal (none).
      {
        userName: "ada",
        email: "ada@acme.example",
        externalId: "hr-1",
        manager: "cal",
        groups: ["Analytics"],
      },
      { userName: "grace", email: "grace@acme.example", groups: ["Engineering"] },
    ];
    const plan = await planSync(client, records);
    const ada = plan.steps.find((s): s is UpdateUserStep => s.id === `update-user:${id("ada.old")}`);
    expect(ada?.changes).toContainEqual({ attribute: "manager", from: "grace", to: "cal" });
    const removed = plan.steps.find((s) => s.kind === "removeMembers");
    expect(removed).toMatchObject({ displayName: "Engineering" });
    expect(removed?.kind === "removeMembers" && removed.members).toEqual([
      { id: id("ada.old"), userName: "ada.old" },
      { id: id("dan"), userName: "dan" },
    ]);
  });

  it("leaves a manager alone, as a conflict, when the manager is in the input but will not be in Slack", async () => {
    const client = v2Client(emulator);
    const records: DesiredSyncUser[] = [
      { userName: "gone", email: "gone@acme.example", active: false },
      { userName: "grace", email: "grace@acme.example", manager: "gone" },
    ];
    const plan = await planSync(client, records);
    expect(plan.steps).toEqual([]);
    expect(plan.summary.unchanged).toBe(2);
    expect(plan.conflicts.map((c) => c.reason)).toEqual([
      'manager "gone" is not in Slack and this plan does not create them (inactive in the input, or a conflict); the manager is left as it is',
    ]);
  });

  it("checks records it is handed, as a file would be", async () => {
    const client = v2Client(emulator);
    const records = [
      { userName: "ok", email: "ok@acme.example" },
      { userName: "Ok", email: "ok2@acme.example", colour: "blue" },
      { userName: "x".repeat(22), email: "nope" },
    ] as unknown as DesiredSyncUser[];
    const error = await planSync(client, records).catch((e) => e);
    expect(error).toBeInstanceOf(SyncInputError);
    expect(error.issues.map((i: { line: number; message: string }) => [i.line, i.message])).toEqual([
      [2, 'unknown attribute "colour"'],
      [2, 'userName "Ok" is already used on line 1'],
      [3, `userName "${"x".repeat(22)}" has 22 characters; Slack allows at most 21`],
      [3, '"nope" is not an email address'],
    ]);
    await expect(planSync(client, "x" as unknown as DesiredSyncUser[])).rejects.toThrow(TypeError);
  });

  it("refuses bad options with a TypeError naming them", async () => {
    const client = v2Client(emulator);
    const bad = async (options: object) => planSync(client, [], options).catch((e: Error) => e.message);
    expect(await bad({ deactivateMissing: true })).toMatch(/deactivateMissing needs scope/);
    expect(await bad({ deactivateMissing: "yes" })).toMatch(/deactivateMissing must be a boolean/);
    expect(await bad({ scope: {} })).toMatch(/scope needs filter or exclude/);
    expect(await bad({ scope: null })).toMatch(/scope must be an object/);
    expect(await bad({ scope: { exclude: [""] } })).toMatch(/scope.exclude must be a list/);
    expect(await bad({ matchBy: ["id"] })).toMatch(/matchBy must be a non-empty list/);
    expect(await bad({ matchBy: ["email", "email"] })).toMatch(/matchBy lists a key twice/);
    expect(await bad({ protectedUsers: "it-bot" })).toMatch(/protectedUsers must be a list/);
    expect(await bad({ displayName: "never" })).toMatch(/displayName must be "always" or "onCreate"/);
  });

  it("sends displayName on creates only with displayName: onCreate", async () => {
    const client = v2Client(emulator);
    const records: DesiredSyncUser[] = [
      { userName: "grace", email: "grace@acme.example", displayName: "Amazing Grace" },
      { userName: "new", email: "new@acme.example", displayName: "New Person" },
    ];
    const always = await planSync(client, records);
    expect(always.steps.map((s) => s.kind)).toEqual(["createUser", "updateUser"]);
    const onCreate = await planSync(client, records, { displayName: "onCreate" });
    expect(onCreate.steps.map((s) => s.kind)).toEqual(["createUser"]);
    expect(onCreate.steps[0]).toMatchObject({ user: { displayName: "New Person" } });
  });

  it("plans with SCIM 1.1 paths and bodies for a SCIMClient", async () => {
    const client = v1Client(emulator);
    const plan = await planSync(client, await desired());
    expect(plan.scimVersion).toBe(1);
    const ada = plan.steps.find((s) => s.id === `update-user:${id("ada.old")}`) as UpdateUserStep;
    expect(ada.operations.at(-1)).toEqual({
      op: "add",
      path: "urn:scim:schemas:extension:enterprise:1.0",
      value: { manager: { managerId: id("grace") } },
    });
    expect(plan.steps[0]).toMatchObject({
      user: { "urn:scim:schemas:extension:enterprise:1.0": { department: "Engines" } },
    });
  });

  it("is JSON that reads back whole, and refuses a plan edited after it was made", async () => {
    const plan = await planSync(v2Client(emulator), await desired());
    const text = serializePlan(plan);
    expect(parsePlan(text)).toEqual(plan);
    const edited = JSON.parse(text);
    edited.steps.pop();
    expect(() => checkPlan(edited)).toThrow(/changed after it was made/);
    expect(() => parsePlan("{")).toThrow(/not JSON/);
    expect(() => parsePlan("{}")).toThrow(/not a sync plan/);
    expect(() => checkPlan({ ...plan, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => checkPlan({ ...plan, steps: undefined })).toThrow(/incomplete/);
    expect(() => checkPlan({ ...plan, createdAt: "yesterday" })).toThrow(/not a date/);
    expect(() => checkPlan({ ...plan, steps: [{ id: "x", kind: "dance" }] })).toThrow(/unknown kind/);
    expect(() => checkPlan({ ...plan, steps: [plan.steps[0], plan.steps[0]] })).toThrow(/appears twice/);
  });
});
