import { defineCommand } from "../command.js";

/** `slack-scim whoami`: the API, version, token source, org size and rate-limit budget in use. */
export const whoami = defineCommand({
  path: ["whoami"],
  summary: "show the API, SCIM version, token source, user count and rate-limit budget",
  description:
    "Two reads: the ServiceProviderConfig and one user. A bad token or a 1.1/2.0 mismatch exits 1 with the fix.",
  examples: ["slack-scim whoami", "slack-scim whoami --format json"],
  configure: (command) => command,
  async run(ctx) {
    const { diagnose } = await import("../checks.js");
    const diagnosis = await diagnose(ctx);
    const format = ctx.itemFormat();
    if (format === "json" || format === "ndjson") {
      const { checks, ...summary } = diagnosis;
      const problems = checks.filter((check) => check.ok === false);
      const body = { ...summary, problems };
      await ctx.stdout.write(`${format === "json" ? JSON.stringify(body, null, 2) : JSON.stringify(body)}\n`);
    } else {
      const { printChecks } = await import("../output/checks.js");
      await printChecks(ctx, diagnosis.checks, format === "csv");
    }
    return diagnosis.ok ? undefined : 1;
  },
});
