import { type Group, scimFilter, type User } from "slack-scim";
import type { AnyClient, CommandContext } from "./context.js";
import { UsageError } from "./errors.js";

/** Slack user ids: `U…` (workspace) or `W…` (Enterprise org). */
const userId = /^[UW][A-Z0-9]{2,}$/;
/** Slack user-group ids: `S…`. */
const groupId = /^S[A-Z0-9]{2,}$/;

const isNotFound = (error: unknown) => (error as { statusCode?: unknown } | null)?.statusCode === 404;

function describeUser(user: User): string {
  const email = user.emails?.find((e) => e.primary)?.value ?? user.emails?.[0]?.value;
  return `${user.id} (${[user.userName, email].filter(Boolean).join(", ")})`;
}

/**
 * Finds the one user `ref` names: an id (read directly), an email (`email eq`), or a userName
 * (`userName eq`). No match, or more than one, is a usage error naming what was tried or what matched.
 */
export async function resolveUser(client: AnyClient, ref: string, signal?: AbortSignal): Promise<User> {
  const wanted = ref.trim();
  if (wanted === "") throw new UsageError("a user ref is empty", "give an id, a userName or an email");
  const tried: string[] = [];
  if (userId.test(wanted)) {
    try {
      return (await client.readUser(wanted, signal ? { signal } : {})).user;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      tried.push(`id ${wanted}`);
    }
  }
  const filter = wanted.includes("@") ? scimFilter`email eq ${wanted}` : scimFilter`userName eq ${wanted}`;
  tried.push(`filter ${String(filter)}`);
  const { users } = await client.searchUsers({ filter, count: 10, ...(signal ? { signal } : {}) });
  if (users.length === 1) return users[0] as User;
  if (users.length === 0) {
    throw new UsageError(
      `no user matches "${wanted}" (tried ${tried.join(", then ")})`,
      "check the spelling, or use the user's id",
    );
  }
  throw new UsageError(
    `"${wanted}" matches ${users.length} users: ${users.map(describeUser).join("; ")}`,
    "use the id of the one you mean",
  );
}

/**
 * Finds the one group `ref` names: an id (read directly) or a display name (`displayName eq`; Slack does not
 * keep names unique, so two groups may match: a usage error listing them).
 */
export async function resolveGroup(client: AnyClient, ref: string, signal?: AbortSignal): Promise<Group> {
  const wanted = ref.trim();
  if (wanted === "") throw new UsageError("a group ref is empty", "give an id or a display name");
  const tried: string[] = [];
  if (groupId.test(wanted)) {
    try {
      return (await client.readGroup(wanted, signal ? { signal } : {})).group;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      tried.push(`id ${wanted}`);
    }
  }
  const filter = scimFilter`displayName eq ${wanted}`;
  tried.push(`filter ${String(filter)}`);
  const { groups } = await client.searchGroups({ filter, count: 10, ...(signal ? { signal } : {}) });
  if (groups.length === 1) return groups[0] as Group;
  if (groups.length === 0) {
    throw new UsageError(
      `no group matches "${wanted}" (tried ${tried.join(", then ")})`,
      "check the name, or use the group's id",
    );
  }
  throw new UsageError(
    `"${wanted}" matches ${groups.length} groups: ${groups.map((g) => `${g.id} (${g.displayName})`).join("; ")}`,
    "use the id of the one you mean",
  );
}

/**
 * Runs `fn` over `items`, at most `limit` at once. Stops starting new ones when `signal` aborts or `fn` throws
 * (the calls in flight finish); rejects with the first error.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length && !signal?.aborted) {
      const index = next;
      next += 1;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Resolves many user refs (a few at a time, with a progress bar for more than a few). Every ref is tried;
 * the ones that fail are listed together in one usage error, before anything is changed.
 */
export async function resolveUsers(
  ctx: CommandContext,
  client: AnyClient,
  refs: readonly string[],
): Promise<User[]> {
  const found: (User | undefined)[] = new Array(refs.length);
  const problems: string[] = [];
  const progress = refs.length > 3 ? ctx.progress("resolving users", refs.length) : undefined;
  try {
    await forEachLimited(
      refs,
      4,
      async (ref, i) => {
        try {
          found[i] = await resolveUser(client, ref, ctx.signal);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          problems.push(error.message);
        }
        progress?.tick();
      },
      ctx.signal,
    );
  } finally {
    progress?.done();
  }
  ctx.signal.throwIfAborted();
  if (problems.length === 1) throw new UsageError(problems[0] as string, "nothing was changed");
  if (problems.length > 1) {
    throw new UsageError(
      `${problems.length} user refs could not be resolved:\n  ${problems.join("\n  ")}`,
      "nothing was changed",
    );
  }
  // The same user named twice (by id and by email) is changed once.
  const seen = new Set<string>();
  return (found as User[]).filter((user) => !seen.has(user.id as string) && seen.add(user.id as string));
}
