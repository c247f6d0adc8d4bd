import { ErrorCode, SCIMClient, SCIMHTTPError, SCIMRateLimitedError } from "slack-scim";

const client = new SCIMClient(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  rejectRateLimitedCalls: true, // a 429 throws at once instead of waiting
});

// A new name each run: Slack never frees a userName or an email, not even a deactivated user's.
const userName = `hopper.${Date.now().toString(36)}`;
const user = { userName, emails: [{ value: `${userName}@example.com` }] };
await client.createUser(user);
try {
  await client.createUser(user); // the same userName again
} catch (error) {
  if (error instanceof SCIMRateLimitedError) {
    console.log(`slow down for ${error.retryAfter} s`);
  } else if (error instanceof SCIMHTTPError && error.errorCode === "username_taken") {
    console.log(error.statusCode, error.errorCode, error.detail); // 409 username_taken username_taken …
  } else if ((error as { code?: string }).code === ErrorCode.RequestError) {
    console.log("no response from Slack; safe to retry a read, check before repeating a create");
  } else {
    throw error;
  }
}
