import { Redis } from "ioredis";
import { SCIM2Client } from "slack-scim";
import { RedisRateLimitStore } from "slack-scim/redis";

// Every process that runs this draws from one org budget, kept in Redis.
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { enableOfflineQueue: false });
const client = new SCIM2Client(process.env.SLACK_ORG_ADMIN_USER_TOKEN, {
  baseUrl: process.env.SLACK_SCIM_BASE_URL,
  rateLimit: { limits: "slack", store: new RedisRateLimitStore(redis), onStoreError: "reject" },
});
await new Promise((resolve) => redis.once("ready", resolve));

const created = await Promise.all(
  ["ada", "grace", "katherine"].map((name) =>
    client.createUser({ userName: name, emails: [{ value: `${name}@example.com` }] }),
  ),
);
console.log(`${created.length} users created within the shared budget`);
await client.close();
redis.disconnect();
