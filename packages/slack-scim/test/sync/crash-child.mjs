// Applies a plan in its own process, as `slack-scim sync apply` would, and can kill itself (SIGKILL, no cleanup)
// at a chosen point: `node crash-child.mjs <plan.json> <journal> <kill-at>`, where kill-at is `none`, `step:N`
// (once N steps are done) or `response:METHOD /Path:N` (when the N-th answer to that request arrives, before the
// client sees it: the server applied the write, the answer is lost). Prints the report as JSON.
import { readFileSync } from "node:fs";
import { SCIM2Client } from "slack-scim";
import { applyPlan, parsePlan } from "slack-scim/sync";

const [planFile, journal, killAt = "none"] = process.argv.slice(2);
const plan = parsePlan(readFileSync(planFile, "utf8"));
const kill = () => process.kill(process.pid, "SIGKILL");
const [kind, ...rest] = killAt.split(":");
const target = kind === "response" ? rest.slice(0, -1).join(":") : "";
const nth = Number(rest.at(-1));
let seen = 0;

async function fetchThenMaybeDie(url, init) {
  const response = await fetch(url, init);
  const path = new URL(url).pathname
    .replace(/^\/scim\/v2/, "")
    .replace(/\/[^/]+$/, (m) => (m === "/Users" || m === "/Groups" ? m : ""));
  if (kind === "response" && `${init.method} ${path}` === target && ++seen === nth) kill();
  return response;
}

const client = new SCIM2Client(process.env.SLACK_SCIM_TOKEN, {
  baseUrl: plan.baseUrl,
  fetch: fetchThenMaybeDie,
});
const report = await applyPlan(client, plan, {
  journal,
  concurrency: 4,
  maxDeactivations: 10,
  onProgress: (p) => {
    if (kind === "step" && p.done === nth) kill();
  },
});
process.stdout.write(JSON.stringify(report));
