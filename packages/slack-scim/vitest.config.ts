import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "slack-scim",
    include: ["test/**/*.test.ts"],
    // Tests that need a redis-server run with `npm run test:redis` (vitest.redis.config.ts).
    exclude: [...configDefaults.exclude, "test/**/*.redis.test.ts"],
  },
});
