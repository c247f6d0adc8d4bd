import { SCIM2Client, scaleRateLimits, slackRateLimits } from "slack-scim";
import { applyPlan, floorMs, planSync } from "slack-scim/sync";
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
const scale = 100;
const started = await startEmulator({
  port: 0,
  rateLimits: { scale },
  seed: { users: 2400, groups: 0, random: 5 },
});
const people = [...started.store.users()].filter((u) => u.active && !u.primaryOwner);
const recs = [];
people.forEach((u, i) => {
  if (i < 2000) recs.push({ userName: u.userName, email: u.primaryEmail, title: "Principal" });
  else if (i >= 2200) recs.push({ userName: u.userName, email: u.primaryEmail });
});
for (let i = 0; i < 2000; i++)
  recs.push({
    userName: `hire${i}`,
    email: `hire${i}@acme.example`,
    givenName: "New",
    familyName: `Hire ${i}`,
  });
const table = scaleRateLimits(slackRateLimits, scale);
const c = new SCIM2Client(started.adminToken, {
  baseUrl: started.v2BaseUrl,
  rateLimit: table,
  rejectRateLimitedCalls: true,
  maxRequestConcurrency: Number(process.env.MRC ?? 16),
  logger: quiet,
});
const owner = [...started.store.users()].find((u) => u.primaryOwner).id;
const plan = await planSync(c, recs, {
  deactivateMissing: true,
  scope: { exclude: [] },
  protectedUsers: [owner],
});
const A = plan.steps.filter((s) => s.kind !== "deactivateUser"),
  D = plan.steps.filter((s) => s.kind === "deactivateUser");
console.log("floor", floorMs(A, table, { burst: true }), floorMs(D, table, { burst: true }));
await new Promise((r) => setTimeout(r, 1500));
const t0 = performance.now();
let firstD;
const report = await applyPlan(c, plan, {
  concurrency: Number(process.env.CONC ?? 16),
  maxDeactivations: 200,
  onProgress: (p) => {
    if (p.last?.kind === "deactivateUser" && !firstD) firstD = performance.now() - t0;
  },
});
console.log(
  "total",
  (performance.now() - t0).toFixed(0),
  "phaseA",
  firstD?.toFixed(0),
  "cpu",
  (process.cpuUsage().user / 1000).toFixed(0),
);
const bad = report.steps.filter((s) => s.status !== "done");
console.log(bad.length, JSON.stringify(bad.slice(0, 3)));
await started.close();
await c.close();
