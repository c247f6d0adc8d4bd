import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCIM2Client } from "slack-scim";
import { applyPlan, parsePlan, planSync, readDesiredUsers, serializePlan } from "slack-scim/sync";

const client = new SCIM2Client(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  rateLimit: "slack", // the sync stays inside Slack's org-wide budget, which your IdP shares
});

// The file HR exports. Reading CSV needs `npm install csv-parse`; NDJSON and JSON need nothing more.
const dir = mkdtempSync(join(tmpdir(), "slack-sync-"));
const file = join(dir, "people.csv");
writeFileSync(
  file,
  [
    "userName,email,givenName,familyName,title,Work Phone,manager,groups",
    "ada,ada@example.com,Ada,Lovelace,Analyst,+44 20 7946 0000,,Engineering",
    'grace,grace@example.com,Grace,Hopper,"Rear Admiral, retired",,ada,Engineering;Navy',
  ].join("\n"),
);

// 1. Read and check every row: a bad one throws SyncInputError naming file, line and column.
const desired = await readDesiredUsers(file, { map: { "Work Phone": "phone" } });

// 2. Plan: one walk over the org, nothing written. Only people of this domain may be deactivated.
const plan = await planSync(client, desired, {
  deactivateMissing: true,
  scope: { filter: 'email co "@example.com"' },
  protectedUsers: ["it-bot"], // Slack's answers do not mark bots, the primary owner or your own user
});
console.log(JSON.stringify(plan.summary));
writeFileSync(join(dir, "plan.json"), serializePlan(plan)); // for review

// 3. Apply exactly the reviewed plan. After a crash, the same call with the same journal resumes.
const reviewed = parsePlan(readFileSync(join(dir, "plan.json"), "utf8"));
const report = await applyPlan(client, reviewed, {
  journal: join(dir, "sync.journal"),
  onProgress: (p) =>
    console.log(`${p.total - p.remaining}/${p.total}, about ${Math.ceil(p.etaMs / 1000)} s left`),
});
console.log(report.ok ? "in sync" : JSON.stringify(report.steps.filter((s) => s.status === "failed")));
rmSync(dir, { recursive: true, force: true }); // a finished sync needs its journal no more
