/**
 * The Redis rate-limit store (npm run bench -w slack-scim): 2,000 creates from 4 processes at Slack's limits
 * × 100 against the emulator (in its own process), all sharing one budget through a redis-server started here.
 * Prints the wall time against the floor (a burst of 20, then POST /Users' 300 a second) and the 429s.
 * Skipped, with a line saying so, when `redis-server` is not installed.
 */
import { fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { slackRateLimits } from "slack-scim";
import { startRedis, type TestRedis } from "./redis-server.js";

const scale = 100;
const processes = Number(process.env["BENCH_PROCESSES"] ?? 4);
const creates = 2_000;

// Skipped, with a line saying so, when redis-server cannot run.
const redis: TestRedis | undefined = await startRedis().catch(() => undefined);
console.log("\n## Shared budget through Redis\n");
console.log(
  `load average: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores\n`,
);
if (redis === undefined) {
  console.log("skipped: redis-server is not installed (Debian: apt-get install redis-server)");
} else {
  const emulator = fork(fileURLToPath(new URL("./emulator-server.js", import.meta.url)), [
    String(scale),
    "0",
    "0",
  ]);
  const org = await new Promise<{ v2BaseUrl: string; token: string }>((resolve) =>
    emulator.once("message", (m) => resolve(m as { v2BaseUrl: string; token: string })),
  );
  const workers = Array.from({ length: processes }, (_, i) =>
    fork(fileURLToPath(new URL("./redis-worker.js", import.meta.url)), [
      JSON.stringify({
        redisPort: redis.port,
        baseUrl: org.v2BaseUrl,
        token: org.token,
        scale,
        creates: creates / processes,
        prefix: `p${i}-`,
      }),
    ]),
  );
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));
  const results = workers.map(
    (w) =>
      new Promise<{ made: number; tooMany: number }>((resolve) =>
        w.once("message", (m) => resolve(m as { made: number; tooMany: number })),
      ),
  );
  const t0 = performance.now();
  for (const w of workers) w.send("go");
  const done = await Promise.all(results);
  const ms = performance.now() - t0;
  const rule = slackRateLimits["POST /Users"];
  const floor = (creates - rule.burst) / ((rule.perMinute * scale) / 60_000);
  const made = done.reduce((sum, r) => sum + r.made, 0);
  const tooMany = done.reduce((sum, r) => sum + r.tooMany, 0);
  console.log("| workload | wall time | floor | ratio | target |");
  console.log("|---|---:|---:|---:|---|");
  console.log(
    `| ${made} of ${creates} creates from ${processes} processes, × ${scale}, Redis store, ${tooMany} × 429 | ${ms.toFixed(0)} ms | ${floor.toFixed(0)} ms | ${(ms / floor).toFixed(3)} | ≤ 1.15, no 429 |`,
  );
  emulator.disconnect();
}
await redis?.kill();
