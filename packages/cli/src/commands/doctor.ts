import { defineCommand } from "../command.js";

/** `slack-scim doctor`: the same checks as `whoami`, as a checklist with a fix for each failure. */
export const doctor = defineCommand({
  path: ["doctor"],
  summary: "check the token, base URL and SCIM version; print the fix for what fails",
  examples: ["slack-scim doctor"],
  configure: (command) => command,
  async run(ctx) {
    const [{ diagnose }, { printChecks }] = await Promise.all([
      import("../checks.js"),
      import("../output/checks.js"),
    ]);
    const diagnosis = await diagnose(ctx);
    // A checklist for people even when piped (into a ticket, a chat); --format json for scripts.
    const format = ctx.settings.format ?? "table";
    if (format === "json" || format === "ndjson") {
      await ctx.stdout.write(
        `${format === "json" ? JSON.stringify(diagnosis, null, 2) : JSON.stringify(diagnosis)}\n`,
      );
    } else {
      await printChecks(ctx, diagnosis.checks, format === "csv");
    }
    return diagnosis.ok ? undefined : 1;
  },
});
