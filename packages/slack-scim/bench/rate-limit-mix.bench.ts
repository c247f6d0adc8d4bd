/**
 * The rate limiter on mixed workloads (npm run bench -w slack-scim): writes of several kinds at once against the
 * emulator (in its own process) enforcing Slack's limits scaled, with `rejectRateLimitedCalls` (a 429 fails the
 * call and is counted). Each line prints the wall time against the floor: for every limit, the requests beyond
 * its burst at its rate, the largest of those (Slack's published figures, scaled).
 */
import { fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { type RateLimitName, rateLimitsFor, SCIM2Client, scaleRateLimits, slackRateLimits } from "slack-scim";
import { replace } from "slack-scim/patch";
import { quiet } from "./common.js";

type Kind = "create" | "patchUser" | "deleteUser" | "patchGroup" | "readUser";

const route: Record<Kind, [string, string]> = {
  create: ["POST", "Users"],
  patchUser: ["PATCH", "Users/W1"],
  deleteUser: ["DELETE", "Users/W1"],
  patchGroup: ["PATCH", "Groups/S1"],
  readUser: ["GET", "Users/W1"],
};

interface Started {
  v2BaseUrl: string;
  token: string;
  users: string[];
  groups: string[];
}

/** Ms the published limits (× scale) need at least for `counts` requests of each kind sent at once. */
function floorMs(counts: Partial<Record<Kind, number>>, scale: number): number {
  const perLimit = new Map<RateLimitName, number>();
  for (const [kind, n] of Object.entries(counts) as [Kind, number][]) {
    for (const name of rateLimitsFor(...route[kind])) perLimit.set(name, (perLimit.get(name) ?? 0) + n);
  }
  let ms = 0;
  for (const [name, n] of perLimit) {
    const rule = slackRateLimits[name];
    ms = Math.max(ms, Math.max(0, n - rule.burst) / ((rule.perMinute * scale) / 60_000));
  }
  return ms;
}

interface Result {
  ms: number;
  tooMany: number;
  /** Wall time of the reads alone, when there were reads. */
  readsMs: number;
}

/** Sends `counts` of each kind at once (reads too) and times them. */
async function run(counts: Partial<Record<Kind, number>>, scale: number): Promise<Result> {
  const n = (kind: Kind) => counts[kind] ?? 0;
  const users = n("patchUser") + n("deleteUser") + n("readUser");
  const child = fork(fileURLToPath(new URL("./emulator-server.js", import.meta.url)), [
    String(scale),
    String(users),
    String(n("patchGroup")),
  ]);
  const org = await new Promise<Started>((resolve) => child.once("message", (m) => resolve(m as Started)));
  // Writes and reads each through a client of their own (one budget: same token and host), so the reads never
  // wait for a slot behind queued writes: what they share is the limiter alone. Enough slots that the limits,
  // not the number of requests in flight, set the pace.
  const options = {
    baseUrl: org.v2BaseUrl,
    rateLimit: scaleRateLimits(slackRateLimits, scale),
    rejectRateLimitedCalls: true,
    maxRequestConcurrency: 50,
    logger: quiet,
  };
  const client = new SCIM2Client(org.token, options);
  const reader = new SCIM2Client(org.token, options);
  let tooMany = 0;
  const count429 = (error: unknown) => {
    if ((error as { statusCode?: number }).statusCode === 429) tooMany += 1;
    else throw error;
  };
  const calls: Promise<unknown>[] = [];
  const started = performance.now();
  for (let i = 0; i < n("create"); i += 1) {
    calls.push(client.createUser({ userName: `mix${i}`, emails: [{ value: `mix${i}@acme.example` }] }));
  }
  for (let i = 0; i < n("patchUser"); i += 1) {
    calls.push(client.patchUser(org.users[i] ?? "", [replace("title", `t${i}`)]));
  }
  for (let i = 0; i < n("deleteUser"); i += 1) {
    calls.push(client.deleteUser(org.users[n("patchUser") + i] ?? ""));
  }
  for (let i = 0; i < n("patchGroup"); i += 1) {
    calls.push(client.patchGroup(org.groups[i] ?? "", [replace("displayName", `g${i}`)]));
  }
  const readers = Array.from({ length: n("readUser") }, (_, i) =>
    reader.readUser(org.users[n("patchUser") + n("deleteUser") + i] ?? "").catch(count429),
  );
  const readsDone = Promise.all(readers).then(() => performance.now() - started);
  await Promise.all([...calls.map((c) => c.catch(count429)), readsDone]);
  const ms = performance.now() - started;
  const readsMs = await readsDone;
  await Promise.all([client.close(), reader.close()]);
  child.disconnect();
  return { ms, tooMany, readsMs };
}

const lines: string[] = [];
const row = (what: string, ms: number, floor: number, tooMany: number, target: string) =>
  lines.push(
    `| ${what}, ${tooMany} × 429 | ${ms.toFixed(0)} ms | ${floor.toFixed(0)} ms | ${(ms / floor).toFixed(3)} | ${target} |`,
  );

const four = { create: 400, patchUser: 400, deleteUser: 400, patchGroup: 400 } as const;
// Warm-up (code loaded and compiled in both processes), not reported.
await run({ create: 40, patchUser: 40 }, 50);
for (const scale of [50, 10]) {
  const r = await run(four, scale);
  row(
    `400 each of 4 writes (create, PATCH user, DELETE user, PATCH group), × ${scale}`,
    r.ms,
    floorMs(four, scale),
    r.tooMany,
    "≤ 1.10, no 429",
  );
}
for (const [what, counts] of [
  ["400 each of 2 writes (create, PATCH user), × 50", { create: 400, patchUser: 400 }],
  [
    "400 each of 3 writes (create, PATCH user, DELETE user), × 50",
    { create: 400, patchUser: 400, deleteUser: 400 },
  ],
] as const) {
  const r = await run(counts, 50);
  row(what, r.ms, floorMs(counts, 50), r.tooMany, "≤ 1.10, no 429");
}
for (const scale of [50, 10]) {
  const r = await run({ create: 400 }, scale);
  row(`400 creates alone, × ${scale}`, r.ms, floorMs({ create: 400 }, scale), r.tooMany, "≤ 1.05, no 429");
}
// Reads alone, then the same reads while the four-kind mix queues: the write budget must not slow them.
const reads = { readUser: 1_000 };
const alone = await run(reads, 50);
row("1,000 readUser alone, × 50", alone.readsMs, floorMs(reads, 50), alone.tooMany, "≤ 1.05, no 429");
const mixed = await run({ ...four, ...reads }, 50);
row(
  "the same 1,000 readUser beside the 4-write mix, × 50 (reads' time)",
  mixed.readsMs,
  floorMs(reads, 50),
  mixed.tooMany,
  "≤ 1.05, no 429",
);

console.log("\n## Rate limiter, mixed workloads (emulator in its own process)\n");
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores\n`,
);
console.log("| workload | wall time | floor | ratio | target |");
console.log("|---|---:|---:|---:|---|");
for (const line of lines) console.log(line);
