import { addMembers, removeMembers } from "slack-scim/patch";
import type { CommandContext } from "./context.js";
import { writeItem } from "./output/records.js";
import { resolveGroup, resolveUsers } from "./refs.js";

/**
 * Resolves the group and every user ref (all before any change), then sends one PATCH that adds or removes
 * them all. Users already in (or already out of) the group are left out of the PATCH and reported.
 */
export async function changeMembers(
  ctx: CommandContext,
  groupRef: string,
  userRefs: readonly string[],
  change: "add" | "remove",
): Promise<undefined> {
  const client = await ctx.client();
  const group = await resolveGroup(client, groupRef, ctx.signal);
  const users = await resolveUsers(ctx, client, userRefs);
  const current = new Set((group.members ?? []).map((member) => member.value));
  const todo = users.filter((user) => current.has(user.id as string) === (change === "remove"));
  const skipped = users.length - todo.length;
  const ids = todo.map((user) => user.id as string);
  let updated = group;
  if (ids.length > 0) {
    const operations = change === "add" ? [addMembers(ids)] : removeMembers(ids);
    const response = await client.patchGroup(group.id as string, operations);
    updated =
      response.group ?? (ctx.settings.format ? (await client.readGroup(group.id as string)).group : group);
  }
  if (ctx.settings.format) await writeItem(ctx, updated, { format: ctx.settings.format, kind: "groups" });
  const noun = (n: number) => `${n} user${n === 1 ? "" : "s"}`;
  const note =
    skipped > 0 ? `; ${noun(skipped)} ${change === "add" ? "already in" : "not in"} the group` : "";
  ctx.success(
    `${change === "add" ? "added" : "removed"} ${noun(ids.length)} ${change === "add" ? "to" : "from"} ${group.displayName} (${group.id})${note}`,
  );
  return undefined;
}
