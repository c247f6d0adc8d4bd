/**
 * One process of the Redis benchmark: `node redis-worker.js <json>` creates users through the emulator with the
 * Redis store, after "go" from the parent; sends back how many were made and how many met a 429.
 */
import { Redis } from "ioredis";
import { SCIM2Client, scaleRateLimits, slackRateLimits } from "slack-scim";
import { RedisRateLimitStore } from "slack-scim/redis";
import { quiet } from "./common.js";

const config = JSON.parse(process.argv[2] ?? "{}") as {
  redisPort: number;
  baseUrl: string;
  token: string;
  scale: number;
  creates: number;
  prefix: string;
};
const redis = new Redis({
  host: "127.0.0.1",
  port: config.redisPort,
  enableOfflineQueue: false,
  lazyConnect: true,
});
await redis.connect();
const client = new SCIM2Client(config.token, {
  baseUrl: config.baseUrl,
  rateLimit: {
    limits: scaleRateLimits(slackRateLimits, config.scale),
    store: new RedisRateLimitStore(redis),
  },
  rejectRateLimitedCalls: true,
  logger: quiet,
});
process.send?.("ready");
await new Promise((resolve) => process.once("message", resolve));
let tooMany = 0;
let made = 0;
await Promise.all(
  Array.from({ length: config.creates }, async (_, i) => {
    const userName = `${config.prefix}${i}`;
    try {
      await client.createUser({ userName, emails: [{ value: `${userName}@acme.example` }] });
      made += 1;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 429) tooMany += 1;
      else throw error;
    }
  }),
);
process.send?.({ made, tooMany });
await client.close();
redis.disconnect();
process.disconnect();
