import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "slack-scim-emulator",
    include: ["test/**/*.test.ts"],
    // Builds dist/ once: the bin and crash tests spawn it as a separate process.
    globalSetup: ["test/helpers/build.ts"],
  },
});
