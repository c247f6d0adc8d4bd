/**
 * `slack-scim/redis`: a rate-limit store in Redis, so clients in several processes share one org budget.
 * Needs the optional peer dependency `ioredis` (version 5 or later) in the application.
 *
 * @packageDocumentation
 */
export { RedisRateLimitStore, type RedisRateLimitStoreOptions, type RedisScriptClient } from "./store.js";
