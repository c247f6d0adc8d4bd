import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:redis`: the tests that start a redis-server (Debian's `redis-server` package), apart from
// `npm test`, which must not need one. Coverage of src/redis/ is gated here.
export default defineConfig({
  // Run from the repository's root too (`npm run test:redis`): paths are this package's.
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "slack-scim-redis",
    include: ["test/**/*.redis.test.ts"],
    fileParallelism: false,
    coverage: {
      provider: "v8",
      include: ["src/redis/**"],
      reporter: ["text-summary"],
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
