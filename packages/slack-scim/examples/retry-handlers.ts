import {
  BackoffRetryIntervalCalculator,
  RandomJitter,
  type RetryContext,
  RetryHandler,
  SCIMClient,
  SCIMRequestError,
  ServerErrorRetryHandler,
} from "slack-scim";

const token = process.env.SLACK_ORG_ADMIN_USER_TOKEN;
const baseUrl = process.env.SLACK_SCIM_BASE_URL;

// The defaults retry connection failures and 429s; add server errors (idempotent methods only).
const client = new SCIMClient(token, { baseUrl });
client.retryHandlers.push(new ServerErrorRetryHandler({ maxRetryCount: 2 }));

// Your own rule: retry only connection resets.
class MyRetryHandler extends RetryHandler {
  protected override shouldRetry({ error }: RetryContext): boolean {
    return error instanceof SCIMRequestError && (error.cause as { code?: string })?.code === "ECONNRESET";
  }
}
const custom = new SCIMClient(token, {
  baseUrl,
  retryHandlers: [
    new MyRetryHandler({
      maxRetryCount: 1,
      intervalCalculator: new BackoffRetryIntervalCalculator({
        backoffFactor: 500,
        jitter: new RandomJitter(),
      }),
    }),
  ],
});

console.log(
  (await client.searchUsers({ count: 1 })).totalResults,
  (await custom.searchGroups()).totalResults,
);
