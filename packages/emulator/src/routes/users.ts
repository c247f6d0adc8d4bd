import { EmulatorHTTPError } from "../errors.js";
import { searchUsers } from "../filter/evaluate.js";
import { parseFilter } from "../filter/parse.js";
import type { Reply } from "../http/exchange.js";
import { emptyResponse, jsonResponse } from "../http/respond.js";
import type { JSONObject } from "../json.js";
import { renderList } from "../render/list.js";
import { type RenderContext, renderUser } from "../render/user.js";
import { checkUser } from "../rules/check.js";
import { declaresExtension, extensionOf } from "../rules/extensions.js";
import { cloneUser, type UserRecord } from "../store/records.js";
import { userFromBody } from "../users/build.js";
import { patchUserV1 } from "../users/patch-v1.js";
import { patchUserV2 } from "../users/patch-v2.js";
import { paging, type RouteContext } from "./context.js";

const userId = /^[UW][A-Z0-9]{2,}$/;

/** The stored user for a path id: `cannot_decode_user_id` (400) or `no_such_user` (404). */
export function findUser(ctx: RouteContext, id: string): UserRecord {
  if (!userId.test(id)) throw new EmulatorHTTPError(400, "cannot_decode_user_id");
  const user = ctx.org.store.getUser(id);
  if (!user) throw new EmulatorHTTPError(404, "no_such_user");
  return user;
}

/** How reads show users: a new photo only once `photoDelayMs` has passed. */
function shown(ctx: RouteContext): RenderContext {
  return { ...ctx.render, photoShown: ctx.org.photoShown };
}

/**
 * Checks a write's result, stores it, and answers it. Slack processes photos asynchronously, so the answer to a
 * write that changes the photo still shows the photo reads showed before it (or the default avatar); reads show
 * the new one once `photoDelayMs` has passed.
 */
function save(ctx: RouteContext, status: number, before: UserRecord | null, after: UserRecord): Reply {
  checkUser(before, after);
  const photoBefore = before ? ctx.org.photoShown(before) : null;
  ctx.org.saveUser(after);
  if (status === 204) return emptyResponse(204);
  const photo = after.photo === (before?.photo ?? null) ? ctx.org.photoShown(after) : photoBefore;
  return jsonResponse(status, renderUser({ ...after, photo }, ctx.version, ctx.render));
}

/** `GET /Users`: filter first (Slack checks it before paging), then one page. */
export function listUsers(ctx: RouteContext): Reply {
  const raw = ctx.query.get("filter");
  const filter = raw === undefined ? undefined : parseFilter(raw, "Users");
  const { startIndex, count } = paging(ctx.query);
  const matches = searchUsers(ctx.org.store, filter);
  const page = matches.slice(startIndex - 1, startIndex - 1 + count);
  const render = shown(ctx);
  const resources = page.map((u) => renderUser(u, ctx.version, render));
  return jsonResponse(200, renderList(ctx.version, resources, matches.length, startIndex));
}

/** `GET /Users/{id}`. */
export function readUser(ctx: RouteContext, id: string): Reply {
  return jsonResponse(200, renderUser(findUser(ctx, id), ctx.version, shown(ctx)));
}

/** `POST /Users`. */
export async function createUser(ctx: RouteContext): Promise<Reply> {
  const body = await ctx.body();
  const externalId = typeof body["externalId"] === "string" ? body["externalId"] : "";
  const identity = { id: ctx.org.newId("user"), created: ctx.org.createdNow(), externalId };
  return save(ctx, ctx.statuses.createUser, null, userFromBody(body, identity, null, ctx.org));
}

/**
 * `PUT /Users/{id}`: full replace. Like every write to one id, it reads its whole body first, then checks the
 * id's lock, looks the user up and applies synchronously, so it never builds on a stale record and a stalled
 * body holds no lock.
 */
export async function replaceUser(ctx: RouteContext, id: string): Promise<Reply> {
  const body = await ctx.body();
  return ctx.locks.hold(id, ctx.org.now(), () => {
    const before = findUser(ctx, id);
    return save(ctx, ctx.statuses.updateUser, before, userFromBody(body, before, before, ctx.org));
  });
}

/** `PATCH /Users/{id}`: 1.1 partial resource or 2.0 PatchOp. */
export async function patchUser(ctx: RouteContext, id: string): Promise<Reply> {
  const body = await ctx.body();
  return ctx.locks.hold(id, ctx.org.now(), () => {
    const before = findUser(ctx, id);
    const after = cloneUser(before);
    if (ctx.version.n === 1) patchUserV1(after, body, ctx.org);
    else if (body["Operations"] === undefined && body["operations"] === undefined) {
      // Slack documents the 2.0 profile-extension update as a partial resource, not a PatchOp (docs/behaviour.md).
      patchUserV1(after, profileOnlyBody(body), ctx.org);
    } else patchUserV2(after, body, ctx.org);
    return save(ctx, ctx.statuses.patchUser, before, after);
  });
}

/**
 * A 2.0 PATCH without `Operations` is accepted only as Slack's documented profile-extension body: `schemas`
 * names the profile URN and the body carries nothing but the profile block. Anything else is 400.
 */
function profileOnlyBody(body: JSONObject): JSONObject {
  const keys = Object.keys(body).filter((k) => k !== "schemas");
  const onlyProfile = keys.length === 1 && extensionOf(keys[0] as string) === "profile";
  if (!onlyProfile || !declaresExtension(body, "profile")) {
    throw new EmulatorHTTPError(400, "invalid_request_payload", {
      message:
        "invalid_request_payload (a SCIM 2.0 PATCH needs Operations; only the profile-extension body " +
        "{schemas: [profile URN], <profile URN>: {...}} may omit them)",
    });
  }
  return body;
}

/** `DELETE /Users/{id}`: deactivates (idempotent); the body is always empty. */
export function deleteUser(ctx: RouteContext, id: string): Reply {
  return ctx.locks.hold(id, ctx.org.now(), () => {
    const before = findUser(ctx, id);
    const after = { ...cloneUser(before), active: false };
    checkUser(before, after);
    if (before.active) ctx.org.saveUser(after);
    return emptyResponse(ctx.statuses.deleteUser);
  });
}
