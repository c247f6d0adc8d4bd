// Benchmark of slack-scim-emulator over loopback, from a separate process with keep-alive (undici Pool).
// Run: npm run bench -w slack-scim-emulator   (builds first; BENCH_USERS and BENCH_SECONDS override sizes)
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";

const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const child = fork(fileURLToPath(new URL("./server-child.mjs", import.meta.url)), [], {
  execArgv: ["--expose-gc"],
  env: process.env,
});
const [ready] = await once(child, "message");
const ask = async (what) => {
  child.send(what);
  const [reply] = await once(child, "message");
  return reply;
};
const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(`seeded ${process.env.BENCH_USERS ?? 100_000} users in ${ready.seedMs.toFixed(0)} ms`);
console.log(`server memory after seeding: rss ${mb(ready.rss)}, heap ${mb(ready.heapUsed)}`);

const pool = new Pool(ready.url, { connections: 32, pipelining: 1 });
const headers = { authorization: `Bearer ${ready.token}` };
const get = async (path) => {
  const res = await pool.request({ method: "GET", path, headers });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${body}`);
  return body;
};

async function throughput(inFlight, pathOf) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      let i = w;
      while (performance.now() < until) {
        await get(pathOf(i));
        i += inFlight;
        done++;
      }
    }),
  );
  return done / seconds;
}

async function latencies(n, pathOf) {
  for (let i = 0; i < 50; i++) await get(pathOf(i)); // warm-up
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await get(pathOf(i));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  return `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`;
}

const userPath = (i) => `/scim/v2/Users/${ready.ids[i % ready.ids.length]}`;
await throughput(8, userPath); // warm-up
console.log(`GET /Users/{id}, 1 in flight:  ${(await throughput(1, userPath)).toFixed(0)} req/s`);
console.log(`GET /Users/{id}, 32 in flight: ${(await throughput(32, userPath)).toFixed(0)} req/s`);
const byName = (i) =>
  `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${ready.userNames[i % ready.userNames.length]}"`)}`;
const byEmail = (i) =>
  `/scim/v1/Users?filter=${encodeURIComponent(`email eq "${ready.emails[i % ready.emails.length]}"`)}`;
console.log(`userName eq search (2000 sequential): ${await latencies(2000, byName)}`);
console.log(`email eq search (2000 sequential):    ${await latencies(2000, byEmail)}`);
console.log(
  `100-user page at startIndex=50001 (200 sequential): ${await latencies(200, () => "/scim/v2/Users?startIndex=50001&count=100")}`,
);
const before = await ask("memory");
await throughput(32, userPath);
await latencies(500, byName);
const after = await ask("memory");
console.log(
  `server heap after GC: ${mb(before.heapUsed)} before, ${mb(after.heapUsed)} after ~${seconds}s more load (rss ${mb(after.rss)})`,
);
await pool.close();
child.send("stop");
await once(child, "exit");
