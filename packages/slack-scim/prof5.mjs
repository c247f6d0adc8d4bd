import { SCIM2Client, scaleRateLimits, slackRateLimits } from "slack-scim";
import { startEmulator } from "slack-scim-emulator";

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => "info",
  setName() {},
};
const started = await startEmulator({
  port: 0,
  rateLimits: { scale: 100 },
  seed: { users: 2400, groups: 0, random: 5 },
});
const table = scaleRateLimits(slackRateLimits, 100);
const c = new SCIM2Client(started.adminToken, {
  baseUrl: started.v2BaseUrl,
  rateLimit: table,
  rejectRateLimitedCalls: true,
  maxRequestConcurrency: 16,
  logger: quiet,
});
const ids = [...started.store.users()]
  .filter((u) => u.active && !u.primaryOwner)
  .map((u) => u.id)
  .slice(0, 2000);
async function pool(n, conc, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
const mode = process.argv[2];
await new Promise((r) => setTimeout(r, 1000));
const t = performance.now();
if (mode === "creates")
  await pool(2000, 16, (i) => c.createUser({ userName: `h${i}`, emails: [{ value: `h${i}@a.example` }] }));
if (mode === "patches")
  await pool(2000, 16, (i) => c.patchUser(ids[i], [{ op: "replace", path: "title", value: "X" }]));
if (mode === "both")
  await Promise.all([
    pool(2000, 8, (i) => c.createUser({ userName: `h${i}`, emails: [{ value: `h${i}@a.example` }] })),
    pool(2000, 8, (i) => c.patchUser(ids[i], [{ op: "replace", path: "title", value: "X" }])),
  ]);
if (mode === "readpatch")
  await pool(2000, 16, async (i) => {
    await c.readUser(ids[i]);
    await c.patchUser(ids[i], [{ op: "replace", path: "title", value: "X" }]);
  });
console.log(mode, (performance.now() - t).toFixed(0));
await started.close();
await c.close();
