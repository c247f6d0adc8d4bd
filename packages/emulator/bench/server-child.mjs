// The benchmark's server process: seeds an org, serves it, reports URL and memory over IPC.
import { startEmulator } from "../dist/index.js";

const users = Number(process.env.BENCH_USERS ?? 100_000);
const t0 = performance.now();
const server = await startEmulator({ seed: { users, groups: 200, random: 7 } });
const seedMs = performance.now() - t0;
globalThis.gc?.();
const sample = server.store.users();
process.send?.({
  type: "ready",
  url: server.url,
  token: server.adminToken,
  seedMs,
  rss: process.memoryUsage().rss,
  heapUsed: process.memoryUsage().heapUsed,
  ids: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => sample[Math.floor((i * sample.length) / 8)]?.id),
  userNames: [10, 2000, 40000, 90000].map((i) => sample[Math.min(i, sample.length - 1)]?.userName),
  emails: [11, 2001, 40001, 90001].map((i) => sample[Math.min(i, sample.length - 1)]?.primaryEmail),
});
process.on("message", async (message) => {
  if (message === "memory") {
    globalThis.gc?.();
    process.send?.({
      type: "memory",
      rss: process.memoryUsage().rss,
      heapUsed: process.memoryUsage().heapUsed,
    });
  } else if (message === "stop") {
    await server.close();
    process.exit(0);
  }
});
