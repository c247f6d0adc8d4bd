import { defineConfig } from "vitest/config";

// One run over every package; each package keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*"],
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**"],
      // Entry points that only start a process (their logic is in modules the tests import).
      // The Redis store is covered by `npm run test:redis` (it needs a redis-server), with its own gate.
      exclude: [
        "packages/*/src/bin.ts",
        "packages/*/src/demo/main.ts",
        "packages/cli/src/main.ts",
        "packages/slack-scim/src/redis/**",
      ],
      reporter: ["text-summary"],
      // The coverage gate: an uncovered branch needs a test or a reason in review.
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
