import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "slack-scim-cli",
    include: ["test/**/*.test.ts"],
    // Builds dist/ once: the process tests spawn the bin, which runs the built command.
    globalSetup: ["test/helpers/build.ts"],
  },
});
