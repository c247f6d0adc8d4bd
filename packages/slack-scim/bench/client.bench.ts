/**
 * Client overhead against raw undici, measured in one run on one loopback server (npm run bench -w slack-scim).
 * Each scenario alternates batches of raw `undici` request + `JSON.parse` and of the client, and prints the
 * median time per request of each and their ratio (client ÷ raw).
 */
import { fork } from "node:child_process";
import { cpus, release, type } from "node:os";
import { fileURLToPath } from "node:url";
import { SCIM2Client, SCIMClient } from "slack-scim";
import { Agent } from "undici";
import { median, quiet } from "./common.js";

interface Started {
  port: number;
  userBytes: number;
  pageBytes: number;
}

const child = fork(fileURLToPath(new URL("./server.js", import.meta.url)));
const info = await new Promise<Started>((resolve) => child.once("message", (m) => resolve(m as Started)));
const origin = `http://127.0.0.1:${info.port}`;
const token = "xoxp-bench";
const agent = new Agent();
const v1 = new SCIMClient(token, { baseUrl: `${origin}/scim/v1/`, maxRequestConcurrency: 64, logger: quiet });
const v2 = new SCIM2Client(token, {
  baseUrl: `${origin}/scim/v2/`,
  maxRequestConcurrency: 64,
  logger: quiet,
});

async function raw(path: string): Promise<unknown> {
  const { body } = await agent.request({
    origin,
    path,
    method: "GET",
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  return JSON.parse(await body.text());
}

/** Runs `task` `total` times with `inFlight` at once; returns ms per request. */
async function timed(
  total: number,
  inFlight: number,
  task: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return (performance.now() - started) / total;
}

interface Scenario {
  name: string;
  target: string;
  batch: number;
  inFlight: number;
  raw: (i: number) => Promise<unknown>;
  client: (i: number) => Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: "readUser, sequential",
    target: "≤ 1.15",
    batch: 400,
    inFlight: 1,
    raw: () => raw("/scim/v1/Users/W1"),
    client: () => v1.readUser("W1"),
  },
  {
    name: "readUser, 32 in flight",
    target: "≤ 1.25",
    batch: 2000,
    inFlight: 32,
    raw: () => raw("/scim/v1/Users/W1"),
    client: () => v1.readUser("W1"),
  },
  {
    name: "searchUsers count 1000 (+ .users)",
    target: "≤ 1.05",
    batch: 20,
    inFlight: 1,
    raw: async () => ((await raw("/scim/v1/Users?count=1000")) as { Resources: unknown[] }).Resources.length,
    client: async () => (await v1.searchUsers({ count: 1000 })).users.length,
  },
  {
    name: "SCIM2Client readUser, sequential",
    target: "≤ 1.15",
    batch: 400,
    inFlight: 1,
    raw: () => raw("/scim/v2/Users/W1"),
    client: () => v2.readUser("W1"),
  },
  {
    name: "SCIM2Client searchUsers count 1000",
    target: "≤ 1.05",
    batch: 20,
    inFlight: 1,
    raw: async () => ((await raw("/scim/v2/Users?count=1000")) as { Resources: unknown[] }).Resources.length,
    client: async () => (await v2.searchUsers({ count: 1000 })).users.length,
  },
];

const rounds = Number(process.env["BENCH_ROUNDS"] ?? 31);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${type()} ${release()}, node ${process.version}`,
);
console.log(
  `user ${info.userBytes} bytes, page ${(info.pageBytes / 1e6).toFixed(2)} MB, ${rounds} interleaved rounds\n`,
);
console.log("| scenario | raw undici ms/req | client ms/req | ratio (median of paired rounds) | target |");
console.log("|---|---:|---:|---:|---|");
for (const s of scenarios) {
  // Warm both paths (JIT, sockets) before measuring.
  await timed(s.batch, s.inFlight, s.raw);
  await timed(s.batch, s.inFlight, s.client);
  const rawTimes: number[] = [];
  const clientTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    // Alternate which goes first, and pair each batch with its neighbour: the machine's drift cancels out.
    const first = round % 2 === 0 ? s.raw : s.client;
    const second = round % 2 === 0 ? s.client : s.raw;
    const a = await timed(s.batch, s.inFlight, first);
    const b = await timed(s.batch, s.inFlight, second);
    const [r, c] = round % 2 === 0 ? [a, b] : [b, a];
    rawTimes.push(r);
    clientTimes.push(c);
    ratios.push(c / r);
  }
  const r = median(rawTimes);
  const c = median(clientTimes);
  console.log(
    `| ${s.name} | ${r.toFixed(3)} | ${c.toFixed(3)} | ${median(ratios).toFixed(3)} | ${s.target} |`,
  );
}

await Promise.all([v1.close(), v2.close(), agent.close()]);
child.disconnect();
