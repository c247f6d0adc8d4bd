import { subscribe } from "node:diagnostics_channel";
import { Counter, Registry } from "prom-client";
import { DiagnosticsChannel, type RequestResponseMessage, SCIMClient } from "slack-scim";

// Count Slack's 429s by endpoint, for the dashboard that tells you the org budget is shared with someone else.
const registry = new Registry();
const throttled = new Counter({
  name: "slack_scim_rate_limited_total",
  help: "SCIM responses with status 429, by method and path template",
  labelNames: ["method", "path"],
  registers: [registry],
});
subscribe(DiagnosticsChannel.RequestResponse, (message) => {
  const { status, method, path } = message as RequestResponseMessage;
  if (status === 429) throttled.inc({ method, path });
});

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
});
await client.searchUsers({ count: 1 }); // retried after a 429, if Slack sends one
console.log(await registry.getSingleMetricAsString("slack_scim_rate_limited_total"));
