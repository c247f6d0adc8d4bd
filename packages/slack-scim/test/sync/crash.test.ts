import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SCIM2Client } from "../../src/index.js";
import { type DesiredSyncUser, planSync, type SyncReport, serializePlan } from "../../src/sync/index.js";
import { differences, readGroups, readOrg, tempDir, v2Client } from "./helpers.js";

// Each case applies a plan in a child process that SIGKILLs itself at one point, then runs it again with the
// same journal: the org must end as the input says, with nobody and no group created twice.
const child = fileURLToPath(new URL("./crash-child.mjs", import.meta.url));
const temp = tempDir();
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator.close();
  temp.remove();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  report?: SyncReport;
}

function apply(planFile: string, journal: string, killAt: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [child, planFile, journal, killAt],
      { env: { ...process.env, SLACK_SCIM_TOKEN: emulator.adminToken } },
      (error, stdout) => {
        const e = error as { code?: number; signal?: NodeJS.Signals } | null;
        const run: Run = { code: e ? (e.code ?? null) : 0, signal: e?.signal ?? null };
        if (!e) run.report = JSON.parse(stdout) as SyncReport;
        resolve(run);
      },
    );
  });
}

/** An org of 16 users and a group; the input keeps 12 (8 of them changed), adds 24 and names two groups. */
async function scenario(client: SCIM2Client): Promise<DesiredSyncUser[]> {
  emulator.reset();
  const ids: string[] = [];
  for (let i = 0; i < 16; i += 1) {
    const { user } = await client.createUser({
      userName: `old${i}`,
      emails: [{ value: `old${i}@acme.example`, primary: true }],
      name: { givenName: "Old", familyName: `Timer ${i}` },
      title: "Clerk",
    });
    ids.push(user.id as string);
  }
  await client.createGroup({ displayName: "Staff", members: ids.slice(0, 10).map((value) => ({ value })) });
  const records: DesiredSyncUser[] = [];
  for (let i = 0; i < 12; i += 1) {
    records.push({
      userName: `old${i}`,
      email: `old${i}@acme.example`,
      title: i < 8 ? "Senior Clerk" : "Clerk",
      groups: i % 2 === 0 ? ["Staff"] : ["Staff", "Night shift"],
    });
  }
  for (let i = 0; i < 24; i += 1) {
    records.push({
      userName: `new${i}`,
      email: `new${i}@acme.example`,
      givenName: "New",
      familyName: `Hire ${i}`,
      title: "Trainee",
      manager: i === 0 ? "old0" : "new0",
      groups: i % 3 === 0 ? ["Night shift"] : ["Staff"],
    });
  }
  return records;
}

describe("applyPlan survives a SIGKILL", { timeout: 30_000 }, () => {
  it.each([
    ["after the first step", "step:1"],
    ["mid-batch, with creates in flight and one applied whose answer was lost", "response:POST /Users:3"],
    ["while updating users", "response:PATCH /Users:2"],
    ["during membership changes", "response:PATCH /Groups:1"],
    ["during deactivations", "response:DELETE /Users:1"],
  ])(
    "killed %s: the rerun with the journal ends in the desired state, nobody twice",
    async (_when, killAt) => {
      const client = v2Client(emulator);
      const records = await scenario(client);
      const plan = await planSync(client, records, { deactivateMissing: true, scope: { exclude: [] } });
      expect(plan.summary).toMatchObject({ creates: 24, updates: 8 + 23, deactivations: 4, groupCreates: 1 });
      const planFile = temp.file(`plan-${killAt.replace(/\W/g, "_")}.json`, serializePlan(plan));
      const journal = temp.file(`journal-${killAt.replace(/\W/g, "_")}`);

      const killed = await apply(planFile, journal, killAt);
      expect(killed.signal).toBe("SIGKILL");
      const rerun = await apply(planFile, journal, "none");
      expect(rerun.code).toBe(0);
      const report = rerun.report as SyncReport;
      expect(report.steps.filter((s) => s.status !== "done")).toEqual([]);
      expect(report.resumed).toBeGreaterThan(0);
      if (killAt.startsWith("response:POST")) {
        expect(report.steps.some((s) => s.note === "created by the interrupted run")).toBe(true);
      }

      // readOrg and readGroups throw on a userName, email or group name held twice.
      const org = await readOrg(client);
      expect(org.size).toBe(16 + 24);
      await readGroups(client, new Map());
      expect(await differences(client, records)).toEqual([]);
      expect(
        [...org.values()]
          .filter((u) => u.active === false)
          .map((u) => u.userName)
          .sort(),
      ).toEqual(["old12", "old13", "old14", "old15"]);
    },
  );
});
