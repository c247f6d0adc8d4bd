import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { scaleRateLimits, slackRateLimits } from "../../src/index.js";
import {
  applyPlan,
  type DesiredSyncUser,
  floorMs,
  planSync,
  readDesiredUsers,
  SyncRefusedError,
} from "../../src/sync/index.js";
import { pinOf } from "../../src/sync/pin.js";
import { differences, readGroups, readOrg, tempDir, v2Client } from "./helpers.js";
import { freshOrg, peopleCSV } from "./org.js";

let emulator: StartedEmulator;
let records: readonly DesiredSyncUser[];
const temp = tempDir();
let n = 0;
const journal = () => temp.file(`edge-${++n}.journal`);
const options = {
  deactivateMissing: true,
  scope: { filter: 'email co "@acme.example"' },
  protectedUsers: ["it-bot"],
};
const apply = { maxDeactivations: 2 };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  records = await readDesiredUsers(temp.file("people.csv", peopleCSV));
});
afterAll(async () => {
  await emulator.close();
  temp.remove();
});
beforeEach(async () => {
  await freshOrg(emulator, v2Client(emulator));
});

/**
 * A client whose process "dies" when the answer to `match` arrives: the server applied the request, then the
 * apply is aborted before it sees the answer, as a crash would leave it (the journal says "started").
 */
function dyingClient(match: (method: string, path: string) => boolean) {
  const controller = new AbortController();
  const client = v2Client(emulator, {
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (!controller.signal.aborted && match(init.method, new URL(url).pathname)) {
        controller.abort(new Error("killed"));
        return new Promise<Response>(() => {});
      }
      return response;
    },
  });
  return { client, signal: controller.signal };
}

describe("applyPlan, edges", () => {
  it("adopts the user and the group an interrupted run created, without creating them again", async () => {
    const plan = await planSync(v2Client(emulator), records, options);
    const file = journal();
    const users = dyingClient((method, path) => method === "POST" && path.endsWith("/Users"));
    await expect(
      applyPlan(users.client, plan, { ...apply, journal: file, signal: users.signal }),
    ).rejects.toThrow("killed");
    const groups = dyingClient((method, path) => method === "POST" && path.endsWith("/Groups"));
    await expect(
      applyPlan(groups.client, plan, { ...apply, journal: file, signal: groups.signal }),
    ).rejects.toThrow("killed");
    const report = await applyPlan(v2Client(emulator), plan, { ...apply, journal: file });
    expect(report.ok).toBe(true);
    const adopted = report.steps
      .filter((s) => s.note === "created by the interrupted run")
      .map((s) => s.kind);
    // Every create the killed runs had sent (one or both users, depending on what was in flight) is adopted.
    expect(new Set(adopted)).toEqual(new Set(["createGroup", "createUser"]));
    const client = v2Client(emulator);
    await readOrg(client); // throws on a user twice
    const names = await readGroups(client, new Map());
    expect([...names.keys()].sort()).toEqual(["Analytics", "Engineering", "Old"]);
    expect(await differences(client, records)).toEqual([]);
  });

  it("reports a create whose answer was lost and that the client found again", async () => {
    const plan = await planSync(v2Client(emulator), records, options);
    emulator.faults.push({ match: "POST /Users", reset: "after-body", times: 1 });
    const report = await applyPlan(v2Client(emulator), plan, { ...apply, concurrency: 1 });
    expect(report.steps[0]).toMatchObject({
      step: "create-user:hal",
      status: "done",
      note: "the create's answer was lost; the user it made was found",
    });
  });

  it("skips what depends on a failed user or group create, and fails on errors it cannot settle", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    // Creates run first, one at a time: hal, ivy, then the Analytics group.
    emulator.faults.push(
      { match: "POST /Users", status: 400, times: 2 },
      { match: "POST /Groups", status: 400, times: 1 },
      { match: "DELETE /Users/*", status: 500, times: 1 },
    );
    const report = await applyPlan(v2Client(emulator, { retryHandlers: [] }), plan, {
      ...apply,
      concurrency: 1,
    });
    const outcome = (id: string) => report.steps.find((s) => s.step === id);
    expect(outcome("create-user:hal")?.status).toBe("failed");
    expect(outcome("create-group:analytics")?.error?.statusCode).toBe(400);
    expect(outcome("set-manager:ivy")).toMatchObject({
      status: "skipped",
      reason: "dependency",
      note: "the user's create did not succeed",
    });
    expect(outcome("add-members:analytics:1")).toMatchObject({
      status: "skipped",
      reason: "dependency",
      note: "the group's create did not succeed",
    });
    const deactivations = report.steps.filter((s) => s.kind === "deactivateUser");
    expect(deactivations.map((s) => s.status).sort()).toEqual(["done", "failed"]);
    expect(report.ok).toBe(false);
  });

  it("fails a group create when the name was taken twice since the plan", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    await client.createGroup({ displayName: "Analytics" });
    await client.createGroup({ displayName: "Analytics" });
    const report = await applyPlan(client, plan, apply);
    expect(report.steps.find((s) => s.step === "create-group:analytics")).toMatchObject({
      status: "failed",
      error: { message: '2 groups are named "Analytics" now' },
    });
  });

  it("fails an update whose read fails, and skips members whose create failed", async () => {
    const client = v2Client(emulator, { retryHandlers: [] });
    const plan = await planSync(client, records, options);
    emulator.faults.push({ match: "GET /Users/*", status: 503, times: 1 });
    emulator.faults.push({ match: "POST /Users", status: 400, times: 2 });
    const report = await applyPlan(client, plan, { ...apply, concurrency: 1 });
    const firstUpdate = report.steps.find((s) => s.kind === "updateUser");
    expect(firstUpdate).toMatchObject({ status: "failed", error: { statusCode: 503 } });
    // Engineering gets grace but not hal; Analytics (ada and ivy) gets ada only.
    const adds = report.steps.filter((s) => s.kind === "addMembers").map((s) => [s.target, s.status, s.note]);
    expect(adds).toEqual([
      ["Engineering", "done", "not added (their create did not succeed): hal"],
      ["Analytics", "done", "not added (their create did not succeed): ivy"],
    ]);
  });

  it("reads a journal torn by a crash, and refuses one it cannot read", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    const file = journal();
    writeFileSync(
      file,
      `${JSON.stringify({ format: "slack-scim/sync-journal", version: 1, plan: plan.id })}\n`,
    );
    appendFileSync(file, '{"step":"create-user:hal","stat');
    const report = await applyPlan(client, plan, { ...apply, journal: file });
    expect(report.ok).toBe(true);
    expect(readFileSync(file, "utf8")).not.toContain('"stat\n');
    const reason = (p: Promise<unknown>) =>
      p.catch((e) => (e instanceof SyncRefusedError ? e.message : e.code));
    const noStep = temp.file(
      "nostep.journal",
      `${readFileSync(file, "utf8").split("\n")[0]}\n{"status":"done"}\n`,
    );
    expect(await reason(applyPlan(client, plan, { ...apply, journal: noStep }))).toMatch(
      /line 2 names no step/,
    );
    const notJSON = temp.file("notjson.journal", `${readFileSync(file, "utf8").split("\n")[0]}\nnope\n`);
    expect(await reason(applyPlan(client, plan, { ...apply, journal: notJSON }))).toMatch(
      /line 2 is not JSON/,
    );
    const badHeader = temp.file("badheader.journal", "nope\n");
    expect(await reason(applyPlan(client, plan, { ...apply, journal: badHeader }))).toMatch(
      /not a sync journal header/,
    );
    const directory = `${temp.dir}/a-directory`;
    mkdirSync(directory);
    expect(await reason(applyPlan(client, plan, { ...apply, journal: directory }))).toBe("EISDIR");
  });
});

describe("rate budget and pins", () => {
  it("computes the floor of a plan from the limit table, bursts included or not", async () => {
    const plan = await planSync(v2Client(emulator), records, options);
    const creates = plan.steps.filter((s) => s.kind === "createUser");
    // 2 creates fit in the burst of 20; at 180 a minute without it they take 2/180 minutes.
    expect(floorMs(creates, slackRateLimits, { burst: true })).toBe(0);
    expect(floorMs(creates, slackRateLimits, { burst: false })).toBeCloseTo((2 / 180) * 60_000);
    const many = Array.from({ length: 40 }, () => creates[0] as (typeof creates)[number]);
    expect(floorMs(many, scaleRateLimits(slackRateLimits, 100), { burst: true })).toBeCloseTo(
      (20 / 300) * 1000,
    );
    // Each deactivation reads, then deletes; the limits it counts against set its pace.
    const deactivations = plan.steps.filter((s) => s.kind === "deactivateUser");
    expect(
      floorMs(deactivations, { "DELETE /Users/{id}": { perMinute: 60, burst: 1 } }, { burst: true }),
    ).toBe(1000);
  });

  it("pins a user by meta.lastModified when the server sends one, else by the attributes a sync plans", () => {
    expect(pinOf({ userName: "a", meta: { lastModified: "2024-03-05T09:14:27Z" } })).toBe(
      "lastModified:2024-03-05T09:14:27Z",
    );
    const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    const user = {
      id: "W1",
      userName: "a",
      title: "x",
      emails: [{ value: "a@acme.example", primary: true }],
      phoneNumbers: [{ value: "+1 555", primary: true }],
      [ENT]: { department: "Ops", manager: { managerId: "W2" } },
    };
    const pin = pinOf(user);
    expect(pin).toMatch(/^sha256:[0-9a-f]{32}$/);
    // What a sync does not plan does not count.
    expect(pinOf({ ...user, groups: [{ value: "S1" }], photos: [{ value: "p" }], timezone: "UTC" })).toBe(
      pin,
    );
    // What it plans does.
    const changed = [
      { ...user, title: "y" },
      { ...user, active: false },
      { ...user, emails: [{ value: "b@acme.example", primary: true }] },
      { ...user, phoneNumbers: [{ value: "+1 556", primary: true }] },
      { ...user, [ENT]: { department: "Sales", manager: { managerId: "W2" } } },
      { ...user, [ENT]: { department: "Ops", manager: { managerId: "W3" } } },
      { ...user, name: { givenName: "A" } },
    ];
    for (const other of changed) expect(pinOf(other)).not.toBe(pin);
  });
});
