/**
 * The sync benchmarks (npm run bench -w slack-scim):
 * 1. planSync of 10,000 records against a 10,000-user org (emulator in process): wall time against one
 *    `iterateUsers` walk of that org (target ≤ 1.5), and the retained heap above the walk's (target ≤ 2 KB a user).
 * 2. applyPlan of 2,000 creates + 2,000 updates + 200 deactivations at Slack's limits × 100 (emulator over
 *    loopback, journal on): wall time against the floor the limit table allows (target ≤ 1.10), with zero 429s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCIM2Client, scaleRateLimits, slackRateLimits } from "slack-scim";
import {
  applyPlan,
  type DesiredSyncUser,
  floorMs,
  planSync,
  readDesiredUsers,
  type SyncStep,
} from "slack-scim/sync";
import { createEmulator, startEmulator } from "slack-scim-emulator";
import { median, quiet } from "./common.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const kb = (bytes: number) => (bytes / 1024).toFixed(2);

// 1. Plan against a 10,000-user org, in process.
const orgSize = 10_000;
const emulator = createEmulator({ seed: { users: orgSize, groups: 20, random: 3 } });
let peak = 0;
let sampling = false;
const sample = () => {
  if (!sampling) return;
  gc();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
};
const client = new SCIM2Client(emulator.adminToken, {
  baseUrl: "http://scim.test/scim/v2/",
  logger: quiet,
  // Every page request is a page boundary: the heap is sampled there, after a full GC.
  fetch: (url, init) => {
    sample();
    return emulator.fetch(new Request(url, init));
  },
});

// The input: 9,000 of the org's people (one in ten with a new title, all in groups), 1,000 newcomers; the
// 1,000 people left out are deactivated.
const records: DesiredSyncUser[] = [];
let kept = 0;
for (const user of emulator.store.users()) {
  if (kept === 9_000) break;
  if (!user.active || user.primaryOwner) continue;
  kept += 1;
  const record: DesiredSyncUser = { userName: user.userName, email: user.primaryEmail };
  if (kept % 10 === 0) record.title = "Senior Analyst";
  record.groups = [`team-${kept % 20}`];
  records.push(record);
}
for (let i = 0; i < orgSize - kept; i += 1) {
  records.push({
    userName: `newcomer${i}`,
    email: `newcomer${i}@acme.example`,
    title: "Analyst",
    groups: ["team-new"],
  });
}
// Read as a file would be (checked once, here, not in the timed plans).
const desired = await readDesiredUsers(records);
const planOptions = { deactivateMissing: true, scope: { exclude: [] } };

async function walk(): Promise<number> {
  let n = 0;
  for await (const user of client.iterateUsers({ pageSize: 1000 })) if (user.id) n += 1;
  return n;
}

// Warm up both, then alternate: each round's ratio pairs a walk with the plan that follows it, so load from
// outside the benchmark shifts both alike; the median of the rounds is reported.
await walk();
await planSync(client, desired, planOptions);
const walkMs: number[] = [];
const planMs: number[] = [];
const planRatios: number[] = [];
for (let round = 0; round < 9; round += 1) {
  let t = performance.now();
  if ((await walk()) !== orgSize) throw new Error("the walk lost users");
  walkMs.push(performance.now() - t);
  t = performance.now();
  const plan = await planSync(client, desired, planOptions);
  planMs.push(performance.now() - t);
  planRatios.push((planMs.at(-1) ?? 0) / (walkMs.at(-1) ?? 1));
  if (plan.summary.creates !== orgSize - kept)
    throw new Error(`unexpected plan: ${JSON.stringify(plan.summary)}`);
}
const planSummary = (await planSync(client, desired, planOptions)).summary;

async function peakOf(task: () => Promise<unknown>): Promise<number> {
  gc();
  peak = process.memoryUsage().heapUsed;
  sampling = true;
  const result = await task();
  sample(); // what the task returns (the plan) counts too
  sampling = false;
  if (result === undefined) throw new Error("no result");
  return peak;
}
const walkPeaks: number[] = [];
const planPeaks: number[] = [];
for (let round = 0; round < 3; round += 1) {
  walkPeaks.push(await peakOf(walk));
  planPeaks.push(await peakOf(() => planSync(client, desired, planOptions)));
}
const perUser = (median(planPeaks) - median(walkPeaks)) / orgSize;

// 2. Apply at Slack's limits × 100.
const scale = 100;
const started = await startEmulator({
  port: 0,
  rateLimits: { scale },
  seed: { users: 2_400, groups: 0, random: 5 },
});
const people = [...started.store.users()].filter((u) => u.active && !u.primaryOwner);
const applyRecords: DesiredSyncUser[] = [];
people.forEach((user, i) => {
  if (i < 2_000) applyRecords.push({ userName: user.userName, email: user.primaryEmail, title: "Principal" });
  else if (i >= 2_200) applyRecords.push({ userName: user.userName, email: user.primaryEmail });
});
if (people.length < 2_200) throw new Error("the seeded org is too small");
for (let i = 0; i < 2_000; i += 1) {
  applyRecords.push({
    userName: `hire${i}`,
    email: `hire${i}@acme.example`,
    givenName: "New",
    familyName: `Hire ${i}`,
  });
}
const table = scaleRateLimits(slackRateLimits, scale);
const applier = new SCIM2Client(started.adminToken, {
  baseUrl: started.v2BaseUrl,
  rateLimit: table,
  rejectRateLimitedCalls: true, // a single 429 shows as a failed step
  maxRequestConcurrency: 16,
  logger: quiet,
});
const owner = [...started.store.users()].find((u) => u.primaryOwner)?.id ?? "";
const applyPlanned = await planSync(applier, applyRecords, {
  deactivateMissing: true,
  scope: { exclude: [] },
  protectedUsers: [owner],
});
const { creates, updates, deactivations } = applyPlanned.summary;
if (creates !== 2_000 || updates !== 2_000 || deactivations !== 200) {
  throw new Error(`unexpected plan: ${JSON.stringify(applyPlanned.summary)}`);
}
// Steps run in phases (creates and updates together, deactivations last), so the floor is the sum of theirs.
const phaseA: SyncStep[] = applyPlanned.steps.filter((s) => s.kind !== "deactivateUser");
const phaseD: SyncStep[] = applyPlanned.steps.filter((s) => s.kind === "deactivateUser");
const floor = floorMs(phaseA, table, { burst: true }) + floorMs(phaseD, table, { burst: true });
// The planning walk's reads refill before the apply starts (reads are not the bottleneck either way).
await new Promise((resolve) => setTimeout(resolve, 1_500));
const dir = mkdtempSync(join(tmpdir(), "slack-scim-sync-bench-"));
const t = performance.now();
const report = await applyPlan(applier, applyPlanned, {
  journal: join(dir, "sync.journal"),
  concurrency: 16,
  maxDeactivations: 200,
  rateLimits: table,
});
const applyMs = performance.now() - t;
rmSync(dir, { recursive: true, force: true });
const tooMany = report.steps.filter((s) => s.error?.statusCode === 429).length;
for (const step of report.steps.filter((s) => s.error?.statusCode === 429)) {
  console.error(`429 on ${step.step}: ${step.error?.message}`);
}
if (report.failed - tooMany > 0)
  throw new Error(`steps failed: ${JSON.stringify(report.steps.find((s) => s.status === "failed"))}`);
await started.close();
await applier.close();

// The same requests sent by the client alone (no plan, no journal, no re-read logic beyond the GET each update
// and deactivation makes), in the same phases and concurrency, on a fresh copy of the org: what applyPlan adds.
const twin = await startEmulator({
  port: 0,
  rateLimits: { scale },
  seed: { users: 2_400, groups: 0, random: 5 },
});
const raw = new SCIM2Client(twin.adminToken, {
  baseUrl: twin.v2BaseUrl,
  rateLimit: table,
  rejectRateLimitedCalls: true,
  maxRequestConcurrency: 16,
  logger: quiet,
});
await new Promise((resolve) => setTimeout(resolve, 1_500));
// Like applyPlan, the 16 workers are shared between the endpoints: creates and updates each get eight.
async function pool(tasks: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await (tasks[next++] as () => Promise<unknown>)();
    }),
  );
}
const rawStarted = performance.now();
await Promise.all([
  pool(
    phaseA.flatMap((step) => (step.kind === "createUser" ? [() => raw.createUser(step.user)] : [])),
    8,
  ),
  pool(
    phaseA.flatMap((step) =>
      step.kind === "updateUser" && step.user.id
        ? [
            async () => {
              await raw.readUser(step.user.id as string);
              await raw.patchUser(step.user.id as string, step.operations);
            },
          ]
        : [],
    ),
    8,
  ),
]);
await pool(
  phaseD.map((step) => async () => {
    if (step.kind !== "deactivateUser") return;
    await raw.readUser(step.user.id);
    await raw.deleteUser(step.user.id);
  }),
  16,
);
const rawMs = performance.now() - rawStarted;
await twin.close();
await raw.close();

console.log("\n## Sync\n");
console.log("| benchmark | measured | reference | ratio | target |");
console.log("|---|---:|---:|---:|---|");
console.log(
  `| planSync, 10,000 records vs a 10,000-user org (in process; ${planSummary.creates} creates, ${planSummary.updates} updates, ${planSummary.deactivations} deactivations, ${planSummary.memberAdds} member adds), median of 9 paired rounds | ${median(planMs).toFixed(0)} ms | one iterateUsers walk ${median(walkMs).toFixed(0)} ms | ${median(planRatios).toFixed(3)} | ≤ 1.5 |`,
);
console.log(
  `| planSync retained heap above the walk's, per user (median of 3) | ${kb(median(planPeaks) - median(walkPeaks))} KB / ${orgSize} users | walk peak ${(median(walkPeaks) / 1024 / 1024).toFixed(1)} MB | ${kb(perUser)} KB a user | ≤ 2 KB a user |`,
);
console.log(
  `| applyPlan, 2,000 creates + 2,000 updates + 200 deactivations at Slack's limits × ${scale} (emulator, journal on), ${tooMany} × 429 | ${applyMs.toFixed(0)} ms | floor ${floor.toFixed(0)} ms | ${(applyMs / floor).toFixed(3)} | ≤ 1.10, no 429 |`,
);
console.log(
  `| the same requests from the client alone (no plan, no journal), for comparison | ${rawMs.toFixed(0)} ms | floor ${floor.toFixed(0)} ms | ${(rawMs / floor).toFixed(3)} (applyPlan ÷ client alone: ${(applyMs / rawMs).toFixed(3)}) | — |`,
);
