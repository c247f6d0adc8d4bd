import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { SCIMClient, scimFilter } from "slack-scim";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  rateLimit: "slack", // stay under Slack's org-wide read limits, shared with every client of this token
});

// Every user, one page of 1,000 in memory at a time, each user once; Ctrl-C stops between pages.
const out = createWriteStream(process.env.EXPORT_FILE ?? "users.ndjson");
const controller = new AbortController();
const interrupt = () => controller.abort(new Error("interrupted"));
process.once("SIGINT", interrupt);
let count = 0;
for await (const user of client.iterateUsers({ pageSize: 1000, signal: controller.signal })) {
  if (!out.write(`${JSON.stringify(user)}\n`)) await once(out, "drain");
  count += 1;
}
out.end();
await once(out, "finish");
process.off("SIGINT", interrupt);
console.log(`exported ${count} users`);

// Part of the org: every interpolated value becomes a quoted, escaped SCIM literal (or a bare number).
let guests = 0;
for await (const guest of client.iterateUsers({ filter: scimFilter`restricted eq ${1}` })) {
  if (guest.userName) guests += 1;
}
console.log(`${guests} multi-channel guests`);
