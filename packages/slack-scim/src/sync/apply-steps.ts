import { isSCIMError, SCIMHTTPError } from "../core/errors.js";
import { scimFilter } from "../filter/index.js";
import type { User } from "../models/user.js";
import {
  addMembers,
  type DesiredUser,
  diffUser,
  type PatchOperation,
  removeMembers,
} from "../patch/index.js";
import type { Journal, JournalEntry } from "./journal.js";
import type { SyncClient } from "./org-walk.js";
import { pinOf } from "./pin.js";
import type {
  AddMembersStep,
  CreateGroupStep,
  CreateUserStep,
  DeactivateUserStep,
  RemoveMembersStep,
  SyncGroupRef,
  SyncStep,
  SyncUserRef,
  UpdateUserStep,
} from "./plan-types.js";
import type { SyncStepOutcome } from "./report.js";
import { enterpriseUrn, primaryEmail } from "./user-fields.js";

/** What running one step produced (the outcome without its step's name). */
export type Execution = Omit<SyncStepOutcome, "step" | "kind" | "target">;

/** What a step needs while it runs. */
export interface StepContext {
  client: SyncClient;
  version: 1 | 2;
  /** Create step id → the id it made. */
  created: Map<string, string>;
  journal: Journal | undefined;
  /** The step's last journal entry from an earlier run (`"started"` for a create that was in flight). */
  previous: JournalEntry | undefined;
  signal: AbortSignal | undefined;
}

/** Slack's refusals to deactivate someone it protects: bots, the primary owner, owners. */
const protectedCodes = new Set([
  "cannot_disable_bot_user_with_scim",
  "cannot_disable_primary_owner",
  "primary_owner_check_failure",
  "cannot_modify_owner",
]);

/** A failure as the report shows it. */
export function failure(error: unknown): Execution {
  const e = error as { message?: unknown; code?: unknown; statusCode?: unknown; errorCode?: unknown };
  const out: NonNullable<Execution["error"]> = { message: String(e?.message ?? error) };
  if (isSCIMError(error)) out.code = error.code;
  if (typeof e?.statusCode === "number") out.statusCode = e.statusCode;
  if (typeof e?.errorCode === "string") out.errorCode = e.errorCode;
  return { status: "failed", error: out };
}

const notFound = (error: unknown) => error instanceof SCIMHTTPError && error.statusCode === 404;

function call(ctx: StepContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}

function resolveUser(ref: SyncUserRef, ctx: StepContext): string | undefined {
  return ref.id ?? ctx.created.get(ref.createStep as string);
}

function resolveGroup(ref: SyncGroupRef, ctx: StepContext): string | undefined {
  return ref.id ?? ctx.created.get(ref.createStep as string);
}

async function started(step: SyncStep, ctx: StepContext): Promise<boolean> {
  const inFlight = ctx.previous?.status === "started";
  await ctx.journal?.append({ step: step.id, status: "started", at: new Date().toISOString() });
  return inFlight;
}

function sameUser(found: unknown, body: User): found is User {
  const user = found as User | undefined;
  const email = primaryEmail(body)?.toLowerCase();
  return (
    typeof user?.id === "string" &&
    user.userName?.toLowerCase() === body.userName?.toLowerCase() &&
    primaryEmail(user)?.toLowerCase() === email
  );
}

async function createUser(step: CreateUserStep, ctx: StepContext): Promise<Execution> {
  const inFlight = await started(step, ctx);
  try {
    const { user, recovered } = await ctx.client.createUser(step.user, call(ctx));
    const out: Execution = { status: "done", id: user.id as string };
    if (recovered) out.note = "the create's answer was lost; the user it made was found";
    return out;
  } catch (error) {
    // Slack refuses the name because the user is there: made by an interrupted run of this plan (its request was
    // applied, its answer lost), or by an earlier apply of it. Same userName, same email and nothing the create
    // would set that differs: the step's work is done.
    if (error instanceof SCIMHTTPError && error.statusCode === 409 && sameUser(error.existing, step.user)) {
      if (inFlight)
        return { status: "done", id: error.existing.id as string, note: "created by the interrupted run" };
      if (diffUser(error.existing, step.user).length === 0) {
        return { status: "done", id: error.existing.id as string, note: "already exists" };
      }
    }
    throw error;
  }
}

async function createGroup(step: CreateGroupStep, ctx: StepContext): Promise<Execution> {
  // Slack does not keep group names unique: look before creating, or a second run (or a late first create of an
  // interrupted run) makes a twin. The plan found no such group, so one there now is this step's.
  const filter = scimFilter`displayName eq ${step.displayName}`;
  const { groups } = await ctx.client.searchGroups({ filter, count: 10, ...call(ctx) });
  const found = groups.filter((g) => g.displayName === step.displayName && typeof g.id === "string");
  if (found.length === 1) {
    const note = ctx.previous?.status === "started" ? "created by the interrupted run" : "already exists";
    return { status: "done", id: found[0]?.id as string, note };
  }
  if (found.length > 1)
    throw new Error(`${found.length} groups are named ${JSON.stringify(step.displayName)} now`);
  await started(step, ctx);
  const { group } = await ctx.client.createGroup({ displayName: step.displayName }, call(ctx));
  return { status: "done", id: group.id as string };
}

async function updateUser(step: UpdateUserStep, ctx: StepContext): Promise<Execution> {
  const id = resolveUser(step.user, ctx);
  if (id === undefined)
    return { status: "skipped", reason: "dependency", note: "the user's create did not succeed" };
  const operations: PatchOperation[] = [...step.operations];
  let desired: DesiredUser = step.desired;
  let note: string | undefined;
  if (step.manager) {
    const managerId = resolveUser(step.manager, ctx);
    if (managerId === undefined)
      note = `manager not set: the create of ${step.manager.userName} did not succeed`;
    else {
      const urn = enterpriseUrn(ctx.version);
      const block = { manager: { managerId } };
      operations.push(...diffUser({}, { [urn]: block }));
      desired = { ...desired, [urn]: { ...(desired[urn] as object | undefined), ...block } };
    }
  }
  if (step.pin !== undefined) {
    let fresh: User;
    try {
      fresh = (await ctx.client.readUser(id, call(ctx))).user;
    } catch (error) {
      if (notFound(error)) return { status: "skipped", reason: "gone" };
      throw error;
    }
    if (pinOf(fresh) !== step.pin) {
      // Changed since the plan: by this sync's interrupted run (then nothing is left to do), or by someone else.
      if (diffUser(fresh, desired).length === 0) return { status: "done", note: "already applied" };
      return { status: "skipped", reason: "changed" };
    }
  }
  if (operations.length === 0) {
    return note ? { status: "skipped", reason: "dependency", note } : { status: "done" };
  }
  await ctx.client.patchUser(id, operations, call(ctx));
  return note ? { status: "done", note } : { status: "done" };
}

async function deactivateUser(step: DeactivateUserStep, ctx: StepContext): Promise<Execution> {
  let fresh: User;
  try {
    fresh = (await ctx.client.readUser(step.user.id, call(ctx))).user;
  } catch (error) {
    if (notFound(error)) return { status: "skipped", reason: "gone" };
    throw error;
  }
  if (fresh.active === false) return { status: "done", note: "already inactive" };
  if (pinOf(fresh) !== step.pin) return { status: "skipped", reason: "changed" };
  try {
    await ctx.client.deleteUser(step.user.id, call(ctx));
  } catch (error) {
    if (error instanceof SCIMHTTPError && protectedCodes.has(error.errorCode ?? "")) {
      return { status: "skipped", reason: "protected", note: `Slack refused: ${error.errorCode}` };
    }
    throw error;
  }
  return { status: "done" };
}

async function changeMembers(step: AddMembersStep | RemoveMembersStep, ctx: StepContext): Promise<Execution> {
  const groupId = resolveGroup(step.group, ctx);
  if (groupId === undefined)
    return { status: "skipped", reason: "dependency", note: "the group's create did not succeed" };
  const ids: string[] = [];
  const missing: string[] = [];
  for (const member of step.members) {
    const id = step.kind === "addMembers" ? resolveUser(member as SyncUserRef, ctx) : member.id;
    if (id === undefined) missing.push(member.userName);
    else ids.push(id);
  }
  const note =
    missing.length > 0 ? `not added (their create did not succeed): ${missing.join(", ")}` : undefined;
  if (ids.length === 0) return { status: "skipped", reason: "dependency", ...(note && { note }) };
  const operations = step.kind === "addMembers" ? [addMembers(ids)] : removeMembers(ids);
  await ctx.client.patchGroup(groupId, operations, call(ctx));
  return note ? { status: "done", note } : { status: "done" };
}

/** Runs one step; a failure is an outcome, not an exception (only an abort rejects). */
export async function runStep(step: SyncStep, ctx: StepContext): Promise<Execution> {
  try {
    switch (step.kind) {
      case "createUser":
        return await createUser(step, ctx);
      case "createGroup":
        return await createGroup(step, ctx);
      case "updateUser":
      case "reactivateUser":
        return await updateUser(step, ctx);
      case "deactivateUser":
        return await deactivateUser(step, ctx);
      default:
        return await changeMembers(step, ctx);
    }
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    return failure(error);
  }
}
