import { readFileSync } from "node:fs";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isSCIMError, scaleRateLimits, slackRateLimits } from "../../src/index.js";
import {
  applyPlan,
  checkGuardRails,
  type DesiredSyncUser,
  planSync,
  readDesiredUsers,
  type SyncPlan,
  type SyncProgress,
  SyncRefusedError,
} from "../../src/sync/index.js";
import { planId } from "../../src/sync/plan-file.js";
import { differences, tempDir, v1Client, v2Client } from "./helpers.js";
import { freshOrg, peopleCSV } from "./org.js";

let emulator: StartedEmulator;
let ids: Map<string, string>;
let records: readonly DesiredSyncUser[];
const temp = tempDir();
let journals = 0;
const journal = () => temp.file(`sync-${++journals}.journal`);
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  records = await readDesiredUsers(temp.file("people.csv", peopleCSV));
});
afterAll(async () => {
  await emulator.close();
  temp.remove();
});
beforeEach(async () => {
  ids = await freshOrg(emulator, v2Client(emulator));
});

const options = {
  deactivateMissing: true,
  scope: { filter: 'email co "@acme.example"' },
  protectedUsers: ["it-bot"],
};
/** The emulator's whole org, for "nothing changed" comparisons. */
const snapshot = () => JSON.stringify([[...emulator.store.users()], [...emulator.store.groups()]]);

describe("applyPlan", () => {
  it.each([
    ["SCIM 2.0", v2Client],
    ["SCIM 1.1", v1Client],
  ])("makes the org match the input (%s), read back and compared", async (_name, makeClient) => {
    const client = makeClient(emulator);
    const plan = await planSync(client, records, options);
    expect(await differences(client, records)).not.toEqual([]);
    const report = await applyPlan(client, plan, { maxDeactivations: 2 });
    expect(report.steps.filter((s) => s.status !== "done")).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      total: plan.steps.length,
      done: plan.steps.length,
      failed: 0,
      resumed: 0,
    });
    expect(await differences(client, records)).toEqual([]);
    // dan (missing, in scope) is deactivated; it-bot (protected) and eve (outside the scope) are not.
    expect(emulator.store.findUserByUserName("dan")?.active).toBe(false);
    expect(emulator.store.findUserByUserName("it-bot")?.active).toBe(true);
    expect(emulator.store.findUserByUserName("eve")?.active).toBe(true);
    // The plan is done: planning again finds nothing to do.
    const again = await planSync(client, records, options);
    expect(again.steps).toEqual([]);
  });

  it("changes nothing when the same plan is applied a second time", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    await applyPlan(client, plan, { maxDeactivations: 2 });
    const before = snapshot();
    const second = await applyPlan(client, plan, { maxDeactivations: 2 });
    expect(snapshot()).toBe(before);
    expect(second.ok).toBe(true);
    expect(second.steps.filter((s) => s.status !== "done")).toEqual([]);
    expect(new Set(second.steps.map((s) => s.note))).toEqual(
      new Set(["already exists", "already applied", "already inactive", undefined]),
    );
  });

  it("skips and reports a user changed between plan and apply, and applies the rest", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    await client.patchUser(ids.get("ada.old") as string, [
      { op: "replace", path: "title", value: "Chief Analyst" },
    ]);
    await client.patchUser(ids.get("dan") as string, [{ op: "replace", path: "title", value: "Engineer" }]);
    const report = await applyPlan(client, plan, { maxDeactivations: 2 });
    expect(report.steps.filter((s) => s.status !== "done")).toEqual([
      {
        step: `update-user:${ids.get("ada.old")}`,
        kind: "updateUser",
        target: "ada.old",
        status: "skipped",
        reason: "changed",
      },
      {
        step: `deactivate-user:${ids.get("dan")}`,
        kind: "deactivateUser",
        target: "dan",
        status: "skipped",
        reason: "changed",
      },
    ]);
    expect(report.ok).toBe(true);
    expect(emulator.store.findUserByUserName("ada.old")?.title).toBe("Chief Analyst");
    expect(emulator.store.findUserByUserName("dan")?.active).toBe(true);
    expect(emulator.store.findUserByUserName("hal")?.active).toBe(true);
  });

  it("refuses, before applying anything, plans that break a guard rail", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    const before = snapshot();
    const refusal = async (o: object) => {
      const error = await applyPlan(client, plan, o).catch((e) => e);
      expect(error).toBeInstanceOf(SyncRefusedError);
      expect(isSCIMError(error)).toBe(true);
      return [error.reason, error.actual, error.limit, error.message];
    };
    // 6 active users: the default allows min(10, 5% of 6) = 0 deactivations.
    expect(await refusal({})).toEqual([
      "maxDeactivations",
      2,
      0,
      "refused before applying anything: the plan deactivates 2 users; maxDeactivations allows 0 (the default: the smaller of 10 and 5% of active users)",
    ]);
    expect(await refusal({ maxDeactivations: 2, maxChanges: 10 })).toEqual([
      "maxChanges",
      12,
      10,
      "refused before applying anything: the plan makes 12 changes; maxChanges allows 10",
    ]);
    const everyone = await planSync(client, [records[0] as DesiredSyncUser], {
      deactivateMissing: true,
      scope: { exclude: [] },
    });
    const mass = await applyPlan(client, everyone, { maxDeactivations: 10 }).catch((e) => e);
    expect([mass.reason, mass.actual, mass.limit]).toEqual(["massDeactivation", 5, 3]);
    expect(mass.message).toMatch(/deactivates 5 of the 6 active users in its scope \(more than half\)/);
    expect(snapshot()).toBe(before);
    expect(checkGuardRails(everyone, { maxDeactivations: 10, force: true })).toEqual([]);
    expect(() => checkGuardRails(plan, { maxDeactivations: -1 })).toThrow(RangeError);
    expect(() => checkGuardRails(plan, { maxChanges: 1.5 })).toThrow(RangeError);
    expect(() => checkGuardRails(plan, { force: "yes" as unknown as boolean })).toThrow(TypeError);
  });

  it("refuses a plan for another base URL, too old, or edited, and a journal of another plan", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    const before = snapshot();
    const reasonOf = (p: Promise<unknown>) =>
      p.catch((e) => (e instanceof SyncRefusedError ? e.reason : e.message));
    expect(await reasonOf(applyPlan(v1Client(emulator), plan, { maxDeactivations: 2 }))).toBe("baseUrl");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await reasonOf(applyPlan(client, plan, { maxDeactivations: 2, maxAge: 1 }))).toBe("maxAge");
    expect(await reasonOf(applyPlan(client, { ...plan, steps: [] }, { maxDeactivations: 2 }))).toMatch(
      /changed after it was made/,
    );
    const other = await planSync(client, records.slice(0, 2));
    const file = journal();
    await applyPlan(client, other, { journal: file });
    expect(await reasonOf(applyPlan(client, plan, { maxDeactivations: 2, journal: file }))).toBe("journal");
    const notJournal = temp.file("not-a-journal", '{"hello":1}\n');
    expect(await reasonOf(applyPlan(client, plan, { maxDeactivations: 2, journal: notJournal }))).toBe(
      "journal",
    );
    expect(snapshot()).not.toBe(before); // only `other` was applied
    expect(emulator.store.findUserByUserName("hal")).toBeUndefined();
  });

  it("refuses bad options with a TypeError or RangeError naming them", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, []);
    const bad = (o: object) => applyPlan(client, plan, o).catch((e: Error) => `${e.name}: ${e.message}`);
    expect(await bad({ concurrency: 0 })).toBe(
      "RangeError: applyPlan: option concurrency must be an integer >= 1",
    );
    expect(await bad({ maxAge: -1 })).toMatch(/^RangeError: applyPlan: option maxAge/);
    expect(await bad({ journal: "" })).toMatch(/^TypeError: applyPlan: option journal/);
    expect(await bad({ onProgress: "bar" })).toMatch(/^TypeError: applyPlan: option onProgress/);
    expect(await bad({ maxDeactivations: "ten" })).toMatch(/^RangeError: applyPlan: option maxDeactivations/);
  });

  it("reports progress with an ETA from the rate budget, before the first step and after each", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    const seen: SyncProgress[] = [];
    const rateLimits = scaleRateLimits(slackRateLimits, 0.001);
    await applyPlan(client, plan, {
      maxDeactivations: 2,
      rateLimits,
      onProgress: (p) => {
        seen.push(p);
        throw new Error("a broken progress bar does not stop the sync");
      },
    });
    expect(seen).toHaveLength(plan.steps.length + 1);
    expect(seen[0]).toEqual({
      total: 11,
      done: 0,
      failed: 0,
      skipped: 0,
      remaining: 11,
      etaMs: expect.any(Number),
    });
    // At 0.18 writes a minute per user endpoint, 2 creates alone need 2 / 0.18 minutes.
    expect(seen[0]?.etaMs).toBeGreaterThan((2 / 0.18) * 60_000);
    expect(seen.map((p) => p.remaining)).toEqual(Array.from({ length: 12 }, (_, i) => 11 - i));
    expect(seen.at(-1)).toMatchObject({ done: 11, remaining: 0, etaMs: 0, last: { status: "done" } });
    for (let i = 1; i < seen.length; i += 1) {
      expect(seen[i]?.etaMs).toBeLessThanOrEqual(seen[i - 1]?.etaMs ?? 0);
    }
  });

  it("keeps updating users while creates wait for their own endpoint's limit", async () => {
    // One create a second: a worker pool that took steps in plan order would have both workers waiting on creates.
    const client = v2Client(emulator, {
      rateLimit: { ...slackRateLimits, "POST /Users": { perMinute: 60, burst: 1 } },
    });
    const hires: DesiredSyncUser[] = ["nina", "omar", "pia"].map((userName) => ({
      userName,
      email: `${userName}@acme.example`,
      givenName: userName,
      familyName: "Newhire",
    }));
    const moves: DesiredSyncUser[] = ["grace", "dan", "fay", "eve", "it-bot"].map((userName) => ({
      userName,
      email: emulator.store.findUserByUserName(userName)?.primaryEmail as string,
      title: "Moved",
    }));
    const plan = await planSync(client, [...hires, ...moves]);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      ...hires.map(() => "createUser"),
      ...moves.map(() => "updateUser"),
    ]);
    const finished: string[] = [];
    const report = await applyPlan(client, plan, {
      concurrency: 2,
      onProgress: (p) => {
        if (p.last) finished.push(p.last.kind);
      },
    });
    expect(report.ok).toBe(true);
    // The first create used the burst; the other two waited a second each, and every update went through meanwhile.
    expect(finished.slice(-2)).toEqual(["createUser", "createUser"]);
  });

  it("reports a failed step, skips what depends on it, and retries it on a rerun with the journal", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    // The first create (hal, with concurrency 1) fails.
    emulator.faults.push({ match: "POST /Users", status: 400, times: 1 });
    const file = journal();
    const first = await applyPlan(client, plan, { maxDeactivations: 2, journal: file, concurrency: 1 });
    expect(first.ok).toBe(false);
    expect(first.steps.filter((s) => s.status !== "done")).toEqual([
      {
        step: "create-user:hal",
        kind: "createUser",
        target: "hal",
        status: "failed",
        error: {
          message: expect.stringContaining("400"),
          code: "slack_scim_http_error",
          statusCode: 400,
          errorCode: "invalid_request_payload",
        },
      },
      {
        step: "set-manager:ivy",
        kind: "updateUser",
        target: "ivy",
        status: "skipped",
        reason: "dependency",
        note: "manager not set: the create of hal did not succeed",
      },
    ]);
    const engineering = first.steps.find((s) => s.kind === "addMembers" && s.target === "Engineering");
    expect(engineering).toMatchObject({
      status: "done",
      note: "not added (their create did not succeed): hal",
    });
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: "slack-scim/sync-journal", version: 1, plan: plan.id });
    expect(lines.find((l) => l.step === "create-user:hal" && l.status === "failed")).toBeDefined();
    const second = await applyPlan(client, plan, { maxDeactivations: 2, journal: file });
    expect(second.ok).toBe(true);
    // Failed steps are tried again; done and skipped ones are final.
    expect(second.resumed).toBe(plan.steps.length - 1);
    const rerun = second.steps.filter((s) => !s.fromJournal).map((s) => [s.step, s.status]);
    expect(rerun).toEqual([["create-user:hal", "done"]]);
    // ivy's manager and hal's membership need a new plan, which has just that.
    const third = await planSync(client, records, options);
    expect(third.steps.map((s) => s.id)).toEqual([
      `update-user:${emulator.store.findUserByUserName("ivy")?.id}`,
      expect.stringMatching(/^add-members:/),
    ]);
  });

  it("resumes an aborted apply from its journal without repeating finished steps", async () => {
    const client = v2Client(emulator);
    const plan = await planSync(client, records, options);
    const file = journal();
    const controller = new AbortController();
    const aborted = await applyPlan(client, plan, {
      maxDeactivations: 2,
      journal: file,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3) controller.abort(new Error("operator pressed Ctrl-C"));
      },
    }).catch((e) => e);
    expect(aborted.message).toBe("operator pressed Ctrl-C");
    const finished = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l));
    const done = finished.filter((l) => l.status === "done").map((l) => l.step);
    expect(done.length).toBeGreaterThanOrEqual(3);
    const report = await applyPlan(client, plan, { maxDeactivations: 2, journal: file });
    expect(report.ok).toBe(true);
    expect(
      report.steps
        .filter((s) => s.fromJournal)
        .map((s) => s.step)
        .sort(),
    ).toEqual([...done].sort());
    expect(await differences(client, records)).toEqual([]);
    // A third run has nothing left to do.
    const before = snapshot();
    const third = await applyPlan(client, plan, { maxDeactivations: 2, journal: file });
    expect([third.resumed, third.total]).toEqual([plan.steps.length, plan.steps.length]);
    expect(snapshot()).toBe(before);
  });

  it("skips a user that no longer exists, and reports Slack's refusal to deactivate a protected user", async () => {
    const seeded = await startEmulator({ port: 0, seed: { users: 4, groups: 0, random: 7 } });
    try {
      const client = v2Client(seeded);
      const [owner] = seeded.store.users();
      const body: Omit<SyncPlan, "id"> = {
        format: "slack-scim/sync-plan",
        version: 1,
        createdAt: new Date().toISOString(),
        baseUrl: client.baseUrl,
        scimVersion: 2,
        org: { users: 4, activeUsers: 4, groups: null, activeInScope: 4 },
        options: { matchBy: ["userName"], deactivateMissing: true, scope: { excluded: 0 } },
        summary: {
          creates: 0,
          updates: 1,
          reactivations: 0,
          deactivations: 2,
          groupCreates: 0,
          memberAdds: 0,
          memberRemoves: 0,
          unchanged: 0,
          conflicts: 0,
        },
        steps: [
          {
            id: "u",
            kind: "updateUser",
            user: { id: "W0GONE00000", userName: "gone" },
            pin: "sha256:0",
            operations: [],
            desired: {},
            changes: [],
          },
          {
            id: "d",
            kind: "deactivateUser",
            user: { id: "W0GONE00001", userName: "gone2" },
            pin: "sha256:0",
            reason: "missing",
          },
        ],
        conflicts: [],
      };
      const plan = await planSync(client, [], { deactivateMissing: true, scope: { exclude: [] } });
      expect(plan.steps.map((s) => s.id)).toContain(`deactivate-user:${owner?.id}`);
      const report = await applyPlan(client, plan, { force: true, maxDeactivations: 10 });
      expect(report.steps.find((s) => s.step === `deactivate-user:${owner?.id}`)).toMatchObject({
        status: "skipped",
        reason: "protected",
        note: "Slack refused: cannot_disable_primary_owner",
      });
      const gone = await applyPlan(
        client,
        { id: planId(body), ...body },
        { force: true, maxDeactivations: 10 },
      );
      expect(gone.steps.map((s) => [s.step, s.status, s.reason])).toEqual([
        ["u", "skipped", "gone"],
        ["d", "skipped", "gone"],
      ]);
    } finally {
      await seeded.close();
    }
  });
});
