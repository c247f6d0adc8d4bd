import type { User } from "slack-scim";
import { defineCommand } from "../command.js";
import { UsageError } from "../errors.js";

/** `slack-scim users create`: a new user from flags or from a SCIM user object; prints the id. */
export const usersCreate = defineCommand({
  path: ["users", "create"],
  summary: "create a user; prints the new id",
  description:
    "Give --user-name and --email (and any of the name flags), or --from FILE with a SCIM user object (- reads stdin). With --format json, ndjson or csv, prints the created user instead of the id.",
  examples: [
    "slack-scim users create --user-name grace.hopper --email grace@example.com --given-name Grace --family-name Hopper --title 'Rear Admiral'",
    "slack-scim users create --from katherine.json",
  ],
  configure: (command) =>
    command
      .option("--user-name <name>", "userName: lower case, at most 21 characters")
      .option("--email <address>", "primary email")
      .option("--given-name <name>", "first name")
      .option("--family-name <name>", "last name")
      .option("--display-name <name>", "display name")
      .option("--title <title>", "job title")
      .option("--from <file>", "a SCIM user object as JSON (- for stdin)"),
  async run(ctx, _args, options) {
    const flags = [
      options.userName,
      options.email,
      options.givenName,
      options.familyName,
      options.displayName,
      options.title,
    ];
    let user: User;
    if (options.from !== undefined) {
      if (flags.some((flag) => flag !== undefined)) {
        throw new UsageError(
          "--from cannot be combined with the attribute flags",
          "put every attribute in the file",
        );
      }
      const { readJsonObject } = await import("../json-input.js");
      user = (await readJsonObject(options.from, {
        cwd: ctx.cwd,
        stdin: ctx.io.stdin,
        what: "a SCIM user",
      })) as User;
    } else {
      if (options.userName === undefined || options.email === undefined) {
        throw new UsageError("users create needs --user-name and --email (or --from FILE)");
      }
      user = { userName: options.userName, emails: [{ value: options.email, primary: true }] };
      if (options.givenName !== undefined || options.familyName !== undefined) {
        user.name = {
          ...(options.givenName !== undefined ? { givenName: options.givenName } : {}),
          ...(options.familyName !== undefined ? { familyName: options.familyName } : {}),
        };
      }
      if (options.displayName !== undefined) user.displayName = options.displayName;
      if (options.title !== undefined) user.title = options.title;
    }
    const client = await ctx.client();
    const { user: created, recovered } = await client.createUser(user);
    if (recovered)
      ctx.info("the create's answer was lost; the user was found by a lookup, not created twice");
    if (ctx.settings.format && ctx.settings.format !== "table") {
      const { writeItem } = await import("../output/records.js");
      await writeItem(ctx, created, { format: ctx.settings.format, kind: "users" });
    } else {
      await ctx.stdout.write(`${created.id}\n`);
    }
    ctx.success(`created ${created.userName} (${created.id})`);
    return undefined;
  },
});
