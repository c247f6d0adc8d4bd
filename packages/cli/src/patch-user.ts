import type { PatchOperation } from "slack-scim/patch";
import type { CommandContext } from "./context.js";
import { writeItem } from "./output/records.js";
import { resolveUser } from "./refs.js";

/**
 * Resolves `ref` and sends one PATCH with `operations` (translated to a 1.1 partial resource on a 1.1 API).
 * Prints the user as Slack returned it when `--format` is given.
 */
export async function patchUser(
  ctx: CommandContext,
  ref: string,
  operations: PatchOperation[],
  verb: "set" | "unset",
): Promise<undefined> {
  const client = await ctx.client();
  const user = await resolveUser(client, ref, ctx.signal);
  const { user: updated } = await client.patchUser(user.id as string, operations);
  if (ctx.settings.format) await writeItem(ctx, updated, { format: ctx.settings.format, kind: "users" });
  const names = operations.map((operation) => operation.path?.replace(/^urn:[^ ]*:/, "") ?? "").join(", ");
  ctx.success(`${verb} ${names} on ${user.userName} (${user.id})`);
  return undefined;
}
