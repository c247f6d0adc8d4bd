import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "slack-scim",
    include: ["test/**/*.test.ts"],
  },
});
