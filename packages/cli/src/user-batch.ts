import type { User } from "slack-scim";
import { applyEach } from "./batch.js";
import type { AnyClient, CommandContext } from "./context.js";
import { listWriter } from "./output/records.js";
import { resolveUsers } from "./refs.js";
import { describeError } from "./report.js";

/**
 * Resolves every ref first (nothing changes if one fails), then applies `write` to each user a few at a
 * time. Prints the users changed when `--format` is given, one line per failure with its remedy, and a
 * summary; Ctrl-C stops starting writes, lets those in flight finish, and says what was and was not done.
 *
 * @returns 0 all done, 1 some failed, 130 interrupted.
 */
export async function changeUsers(
  ctx: CommandContext,
  refs: readonly string[],
  verb: { doing: string; done: string },
  write: (client: AnyClient, user: User) => Promise<User>,
): Promise<number> {
  const client = await ctx.client();
  const users = await resolveUsers(ctx, client, refs);
  const result = await applyEach(ctx, users, verb.doing, (user) => write(client, user));
  if (ctx.settings.format && result.done.length > 0) {
    const writer = await listWriter(ctx, ctx.stdout, {
      format: ctx.settings.format,
      kind: "users",
      tableColumns: ["id", "userName", "email", "active"],
    });
    await writer.write(result.done.map(({ result: user }) => user));
    await writer.end();
  }
  for (const { item, error } of result.failed) {
    ctx.writeErr(`${item.userName} (${item.id}):`);
    for (const line of describeError(error, ctx.err, "users").lines) ctx.writeErr(`  ${line}`);
  }
  const summary = `${verb.done} ${result.done.length} of ${users.length} user${users.length === 1 ? "" : "s"}`;
  if (result.notStarted.length > 0) {
    ctx.writeErr(
      `interrupted: ${summary}; not started: ${result.notStarted.map((u) => u.userName ?? u.id).join(", ")}`,
    );
    return 130;
  }
  if (result.failed.length > 0) {
    ctx.writeErr(`${summary}; ${result.failed.length} failed`);
    return 1;
  }
  if (result.done.length === 1) {
    const user = result.done[0]?.item as User;
    ctx.success(`${verb.done} ${user.userName} (${user.id})`);
  } else {
    ctx.success(summary);
  }
  return 0;
}
