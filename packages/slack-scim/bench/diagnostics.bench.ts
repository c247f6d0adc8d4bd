/**
 * What the diagnostics channels cost (npm run bench -w slack-scim), on the loopback server of the client benchmark.
 * 1. With a subscriber on every channel (one that keeps a latency histogram per method, path and status, as a
 *    metrics exporter would): sequential `readUser` ÷ raw undici, against the same figure with no subscriber.
 *    Each round times three batches (raw undici, the client, the client observed) in a rotating order,
 *    so the machine's drift falls on each alike; the subscriber is attached for its batch only. Warm-up rounds
 *    first let V8 settle on code for both states, so what is left is the cost of publishing and of the
 *    subscriber. Target: within 1.05 of the figure without one.
 * 2. With no subscriber the client only asks each channel whether anyone listens. Those checks are timed on
 *    their own and shown as a share of one `readUser`.
 */
import { fork } from "node:child_process";
import diagnosticsChannel from "node:diagnostics_channel";
import { fileURLToPath } from "node:url";
import { DiagnosticsChannel, type RequestResponseMessage, SCIMClient } from "slack-scim";
import { Agent } from "undici";
import { median, quiet } from "./common.js";

const server = fork(fileURLToPath(new URL("./server.js", import.meta.url)));
const { port } = await new Promise<{ port: number }>((resolve) =>
  server.once("message", (m) => resolve(m as { port: number })),
);
const origin = `http://127.0.0.1:${port}`;
const token = "xoxp-bench";
const agent = new Agent();
const scim = new SCIMClient(token, { baseUrl: `${origin}/scim/v1/`, logger: quiet });

async function raw(): Promise<unknown> {
  const { body } = await agent.request({
    origin,
    path: "/scim/v1/Users/W1",
    method: "GET",
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  return JSON.parse(await body.text());
}

/** ms per call of `batch` sequential calls. */
async function timed(batch: number, task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < batch; i += 1) await task();
  return (performance.now() - started) / batch;
}

// A subscriber that does what a metrics exporter does: counts every event, and each response's duration into
// a histogram bucket per method, path template and status.
const bounds = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, Number.POSITIVE_INFINITY];
const histograms = new Map<string, number[]>();
let events = 0;
function record(message: unknown): void {
  events += 1;
  const { method, path, status, durationMs } = message as Partial<RequestResponseMessage>;
  if (status === undefined || durationMs === undefined) return;
  const key = `${method} ${path} ${status}`;
  let counts = histograms.get(key);
  if (counts === undefined) {
    counts = new Array<number>(bounds.length).fill(0);
    histograms.set(key, counts);
  }
  const bucket = bounds.findIndex((b) => durationMs <= b);
  counts[bucket] = (counts[bucket] ?? 0) + 1;
}
const names = Object.values(DiagnosticsChannel);
async function observed(batch: number): Promise<number> {
  for (const name of names) diagnosticsChannel.subscribe(name, record);
  try {
    return await timed(batch, () => scim.readUser("W1"));
  } finally {
    for (const name of names) diagnosticsChannel.unsubscribe(name, record);
  }
}

// 2 first, while nothing listens. What an unobserved request pays: the `hasSubscribers` checks on its way (three
// for the request, two for the limiter wait, one for a retry and one for a recovered create), a million times.
const channels = names.map((name) => diagnosticsChannel.channel(name));
let listening = 0; // read after the loop, so the checks are not optimised away
const checks = 1_000_000;
const t = performance.now();
for (let i = 0; i < checks; i += 1)
  for (const channel of channels) if (channel.hasSubscribers) listening += 1;
const checkMs = (performance.now() - t) / checks;
if (listening !== 0) throw new Error("a channel had a subscriber");

// 1.
const batch = 300;
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 61);
const kinds = [() => timed(batch, raw), () => timed(batch, () => scim.readUser("W1")), () => observed(batch)];
for (let round = 0; round < 10; round += 1) for (const kind of kinds) await kind();
const times: [number[], number[], number[]] = [[], [], []];
const quotients: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const measured = [0, 0, 0];
  for (let k = 0; k < 3; k += 1) {
    const which = (round + k) % 3;
    measured[which] = await (kinds[which] as () => Promise<number>)();
    times[which as 0 | 1 | 2].push(measured[which] as number);
  }
  const [, plain, withSubscriber] = measured as [number, number, number];
  quotients.push(withSubscriber / plain);
}
if (events === 0 || histograms.size === 0) throw new Error("the subscriber saw nothing");
const [rawMs, plainMs, observedMs] = times.map(median) as [number, number, number];

console.log("\n## Diagnostics channels\n");
console.log("| scenario | ms/req | ÷ raw undici | target |");
console.log("|---|---:|---:|---|");
console.log(`| raw undici request + JSON.parse | ${rawMs.toFixed(3)} | 1.000 | — |`);
console.log(
  `| readUser, sequential, no subscriber | ${plainMs.toFixed(3)} | ${(plainMs / rawMs).toFixed(3)} | — |`,
);
console.log(
  `| readUser, sequential, a subscriber on all ${names.length} channels | ${observedMs.toFixed(3)} | ${(observedMs / rawMs).toFixed(3)} | — |`,
);
console.log(
  `| with ÷ without a subscriber (median of ${rounds} rounds of ${batch} calls each) | | **${median(quotients).toFixed(3)}** | ≤ 1.05 |`,
);
console.log(
  `| no subscriber: the ${names.length} checks a request makes at most | ${checkMs.toFixed(6)} | ${((checkMs / plainMs) * 100).toFixed(4)} % of a readUser | nothing measurable |`,
);

await Promise.all([scim.close(), agent.close()]);
server.disconnect();
