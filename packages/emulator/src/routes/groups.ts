import { badRequest, EmulatorHTTPError } from "../errors.js";
import { matchesGroup } from "../filter/evaluate.js";
import { parseFilter } from "../filter/parse.js";
import { addMembers, checkedMemberIds, groupName, memberEntries } from "../groups/members.js";
import { patchGroupV1, patchGroupV2 } from "../groups/patch.js";
import type { Reply } from "../http/exchange.js";
import { emptyResponse, jsonResponse } from "../http/respond.js";
import { renderGroup } from "../render/group.js";
import { renderList } from "../render/list.js";
import { requireSchemas } from "../rules/body.js";
import type { GroupRecord } from "../store/records.js";
import { paging, type RouteContext } from "./context.js";

/** The stored group for a path id: `no_such_group` (404). */
export function findGroup(ctx: RouteContext, id: string): GroupRecord {
  const group = ctx.org.store.getGroup(id);
  if (!group) throw new EmulatorHTTPError(404, "no_such_group");
  return group;
}

function answer(ctx: RouteContext, status: number, group: GroupRecord): Reply {
  if (status === 204) return emptyResponse(204);
  return jsonResponse(status, renderGroup(group, ctx.version, ctx.render));
}

/** `GET /Groups`. */
export function listGroups(ctx: RouteContext): Reply {
  const raw = ctx.query.get("filter");
  const filter = raw === undefined ? undefined : parseFilter(raw, "Groups");
  const { startIndex, count } = paging(ctx.query);
  const all = ctx.org.store.groups();
  const matches = filter ? all.filter((g) => matchesGroup(g, filter)) : all;
  const resources = matches
    .slice(startIndex - 1, startIndex - 1 + count)
    .map((g) => renderGroup(g, ctx.version, ctx.render));
  return jsonResponse(200, renderList(ctx.version, resources, matches.length, startIndex));
}

/** `GET /Groups/{id}`. */
export function readGroup(ctx: RouteContext, id: string): Reply {
  return jsonResponse(200, renderGroup(findGroup(ctx, id), ctx.version, ctx.render));
}

/** `POST /Groups`. */
export async function createGroup(ctx: RouteContext): Promise<Reply> {
  const body = await ctx.body();
  requireSchemas(body);
  const group: GroupRecord = {
    id: ctx.org.newId("group"),
    displayName: groupName(body["displayName"]),
    created: ctx.org.createdNow(),
    members: addMembers([], checkedMemberIds(memberEntries(body["members"]), ctx.org.store)),
  };
  ctx.org.saveGroup(group);
  return answer(ctx, ctx.statuses.createGroup, group);
}

/** `PUT /Groups/{id}`: replaces the name and the whole member list (omitted members are removed). */
export async function replaceGroup(ctx: RouteContext, id: string): Promise<Reply> {
  const body = await ctx.body();
  return ctx.locks.hold(id, ctx.org.now(), () => {
    const before = findGroup(ctx, id);
    requireSchemas(body);
    const group: GroupRecord = {
      ...before,
      displayName: groupName(body["displayName"]),
      members: addMembers([], checkedMemberIds(memberEntries(body["members"]), ctx.org.store)),
    };
    ctx.org.saveGroup(group);
    return answer(ctx, ctx.statuses.updateGroup, group);
  });
}

/** `PATCH /Groups/{id}`: 1.1 partial group (204) or 2.0 PatchOp (200 + group); body first, then the lookup. */
export async function patchGroup(ctx: RouteContext, id: string): Promise<Reply> {
  const body = await ctx.body();
  return ctx.locks.hold(id, ctx.org.now(), () => {
    const before = findGroup(ctx, id);
    const group: GroupRecord = { ...before, members: [...before.members] };
    if (ctx.version.n === 1) patchGroupV1(group, body, ctx.org.store);
    else patchGroupV2(group, body, ctx.org.store, ctx.groupRemoveMembersWithValue);
    ctx.org.saveGroup(group);
    return answer(ctx, ctx.statuses.patchGroup, group);
  });
}

/** `DELETE /Groups/{id}`: removes the group for good; its users are untouched. */
export function deleteGroup(ctx: RouteContext, id: string): Reply {
  return ctx.locks.hold(id, ctx.org.now(), () => {
    findGroup(ctx, id);
    ctx.org.deleteGroup(id);
    return emptyResponse(ctx.statuses.deleteGroup);
  });
}

/** A write to `/Users` or `/Groups` without an id. */
export function missingId(kind: "Users" | "Groups"): EmulatorHTTPError {
  return badRequest(kind === "Users" ? "missing_user_id" : "missing_group_id");
}
