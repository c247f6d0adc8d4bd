import type { User } from "slack-scim";
import { defineCommand } from "../command.js";
import { CliFailure, UsageError } from "../errors.js";

/** `slack-scim users replace <ref> --from FILE`: a full PUT, after showing what it clears and confirming. */
export const usersReplace = defineCommand({
  path: ["users", "replace"],
  summary: "replace a user with a SCIM object (PUT; shows what it clears, asks first)",
  description:
    "Slack clears every attribute a PUT leaves out: this lists those attributes and asks before sending. Use `users set` to change a few attributes. --yes answers for scripts.",
  examples: ["slack-scim users replace ada.lovelace --from ada.json --yes"],
  configure: (command) =>
    command
      .argument("<ref>", "the user's id, userName or email")
      .requiredOption("--from <file>", "the whole user as a SCIM object in JSON (- for stdin)")
      .option("-y, --yes", "do not ask for confirmation"),
  async run(ctx, [ref], options) {
    const { readJsonObject } = await import("../json-input.js");
    const desired = await readJsonObject(options.from, {
      cwd: ctx.cwd,
      stdin: ctx.io.stdin,
      what: "a SCIM user",
    });
    const client = await ctx.client();
    const [{ resolveUser }, { clearedBy }, { confirm }] = await Promise.all([
      import("../refs.js"),
      import("../cleared.js"),
      import("../confirm.js"),
    ]);
    const current = await resolveUser(client, ref, ctx.signal);
    if (desired["id"] !== undefined && desired["id"] !== current.id) {
      throw new UsageError(
        `${options.from} is for user ${String(desired["id"])}, not ${current.id}`,
        "remove id from the file, or fix the ref",
      );
    }
    const cleared = clearedBy(current as Record<string, unknown>, desired);
    // Shown even with --quiet when the user is about to be asked.
    const show = (line: string) => (options.yes ? ctx.info(line) : ctx.writeErr(line));
    show(
      cleared.length === 0
        ? `PUT ${current.userName} (${current.id}): clears nothing`
        : `PUT ${current.userName} (${current.id}) clears ${cleared.length} attribute${cleared.length === 1 ? "" : "s"}: ${cleared.join(", ")}`,
    );
    if (!(await confirm(ctx, `Replace ${current.userName} (${current.id})?`, options.yes))) {
      throw new CliFailure("not confirmed: nothing was changed");
    }
    const { user } = await client.updateUser({ ...(desired as User), id: current.id as string });
    if (ctx.settings.format) {
      const { writeItem } = await import("../output/records.js");
      await writeItem(ctx, user, { format: ctx.settings.format, kind: "users" });
    }
    ctx.success(`replaced ${user.userName} (${user.id})`);
    return undefined;
  },
});
