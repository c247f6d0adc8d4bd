import { LogLevel, SCIMClient } from "slack-scim";

// One line per request and per response at debug level; the token never appears in any of them.
const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  logLevel: LogLevel.DEBUG,
  timeout: 10_000,
  userAgentPrefix: "my-idp/1.2",
});
const { totalResults } = await client.searchUsers({ count: 1 });
console.log(`${totalResults} users`);
