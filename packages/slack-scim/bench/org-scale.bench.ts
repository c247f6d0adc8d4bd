/**
 * Issue 5's two benchmarks (npm run bench -w slack-scim):
 * 1. Walking 100,000 users with `iterateUsers` against a loopback server, against raw undici paging in the same
 *    run (target ≤ 1.10), and the retained heap of 10,000- and 100,000-user walks (target: within 10%).
 * 2. 2,000 creates against the emulator at Slack's limits × 100: wall time against the minimum the limits
 *    allow, a burst of 20 and then 300 a second (target ≤ 1.10), with zero 429s.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SCIM2Client, SCIMClient, scaleRateLimits, slackRateLimits } from "slack-scim";
import { startEmulator } from "slack-scim-emulator";
import { Agent } from "undici";
import { median, quiet } from "./common.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const child = fork(fileURLToPath(new URL("./org-server.js", import.meta.url)));
const { port } = await new Promise<{ port: number }>((resolve) =>
  child.once("message", (m) => resolve(m as { port: number })),
);
const origin = `http://127.0.0.1:${port}`;
const token = "xoxp-bench";
const agent = new Agent();

async function rawWalk(total: number): Promise<number> {
  let seen = 0;
  for (let start = 1; start <= total; ) {
    const { body } = await agent.request({
      origin,
      path: `/n/${total}/scim/v1/Users?startIndex=${start}&count=1000`,
      method: "GET",
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    const page = JSON.parse(await body.text()) as { Resources: { id: string }[] };
    if (page.Resources.length === 0) break;
    for (const user of page.Resources) if (user.id) seen += 1;
    start += page.Resources.length;
  }
  return seen;
}

function client(total: number): SCIMClient {
  return new SCIMClient(token, { baseUrl: `${origin}/n/${total}/scim/v1/`, logger: quiet });
}

async function clientWalk(c: SCIMClient, onPage?: () => void): Promise<number> {
  let seen = 0;
  for await (const user of c.iterateUsers({ pageSize: 1000 })) {
    if (user.id) seen += 1;
    if (onPage && seen % 1000 === 0) onPage();
  }
  return seen;
}

// 1a. Wall time, interleaved rounds.
const total = 100_000;
const walker = client(total);
await rawWalk(10_000);
await clientWalk(client(10_000));
const ratios: number[] = [];
const rawMs: number[] = [];
const clientMs: number[] = [];
for (let round = 0; round < 7; round += 1) {
  let t = performance.now();
  if ((await rawWalk(total)) !== total) throw new Error("raw walk lost users");
  const raw = performance.now() - t;
  t = performance.now();
  if ((await clientWalk(walker)) !== total) throw new Error("iterateUsers lost users");
  const ours = performance.now() - t;
  rawMs.push(raw);
  clientMs.push(ours);
  ratios.push(ours / raw);
}

// 1b. Retained heap: the largest heap after a full GC at each page boundary of a walk.
async function peakHeap(n: number): Promise<number> {
  gc();
  let peak = 0;
  await clientWalk(client(n), () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  return peak;
}
// Alternated and repeated: the heap also grows with the process's age (compiled code, caches), which a single
// 10k-then-100k pair would charge to the larger walk.
const peaks10k: number[] = [];
const peaks100k: number[] = [];
for (let round = 0; round < 3; round += 1) {
  peaks10k.push(await peakHeap(10_000));
  peaks100k.push(await peakHeap(100_000));
}
const heap10k = median(peaks10k);
const heap100k = median(peaks100k);

// 2. Bulk create at Slack's limits × 100.
const emulator = await startEmulator({ port: 0, rateLimits: { scale: 100 } });
const creator = new SCIM2Client(emulator.adminToken, {
  baseUrl: emulator.v2BaseUrl,
  rateLimit: scaleRateLimits(slackRateLimits, 100),
  rejectRateLimitedCalls: true, // a single 429 fails the benchmark
  logger: quiet,
});
const creates = 2000;
const rule = slackRateLimits["POST /Users"];
const minimumMs = ((creates - rule.burst) / ((rule.perMinute * 100) / 60)) * 1000;
let next = 0;
let tooMany = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (next < creates) {
      const i = next++;
      try {
        await creator.createUser({ userName: `bulk${i}`, emails: [{ value: `bulk${i}@acme.example` }] });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 429) tooMany += 1;
        else throw error;
      }
    }
  }),
);
const bulkMs = performance.now() - started;
await emulator.close();

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
console.log("\n## Org scale\n");
console.log("| benchmark | measured | reference | ratio | target |");
console.log("|---|---:|---:|---:|---|");
console.log(
  `| iterateUsers, 100,000 users, pages of 1,000 (median of 7 rounds) | ${median(clientMs).toFixed(0)} ms | raw undici ${median(rawMs).toFixed(0)} ms | ${median(ratios).toFixed(3)} | ≤ 1.10 |`,
);
console.log(
  `| retained heap, 100,000 vs 10,000 users (median of 3 alternated walks each) | ${mb(heap100k)} MB | ${mb(heap10k)} MB | ${(heap100k / heap10k).toFixed(3)} | ≤ 1.10 |`,
);
console.log(
  `| 2,000 createUser at Slack's limits × 100 (emulator), ${tooMany} × 429 | ${bulkMs.toFixed(0)} ms | minimum ${minimumMs.toFixed(0)} ms | ${(bulkMs / minimumMs).toFixed(3)} | ≤ 1.10, no 429 |`,
);
await walker.close();
await agent.close();
child.disconnect();
