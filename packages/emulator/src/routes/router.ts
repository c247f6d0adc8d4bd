import { EmulatorHTTPError } from "../errors.js";
import { jsonResponse } from "../http/respond.js";
import { renderList } from "../render/list.js";
import type { SCIMVersion } from "../version.js";
import type { RouteContext } from "./context.js";
import { resourceTypes, schemaDocument, serviceProviderConfig } from "./discovery.js";
import {
  createGroup,
  deleteGroup,
  listGroups,
  missingId,
  patchGroup,
  readGroup,
  replaceGroup,
} from "./groups.js";
import { createUser, deleteUser, listUsers, patchUser, readUser, replaceUser } from "./users.js";

/** Methods Slack's SCIM API accepts; anything else is `method_not_allowed`. */
export const allowedMethods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Whether a path (relative to the version base) is a capabilities document, which needs no token. */
export function isPublic(version: SCIMVersion, segments: readonly string[]): boolean {
  if (segments.length !== 1) return false;
  return (
    segments[0] === "ServiceProviderConfigs" || (version.n === 2 && segments[0] === "ServiceProviderConfig")
  );
}

const badEndpoint = () => new EmulatorHTTPError(404, "bad_endpoint");
const notAllowed = () => new EmulatorHTTPError(405, "method_not_allowed");

/** Dispatches an authenticated, rate-checked request to its handler. */
export async function route(
  ctx: RouteContext,
  method: string,
  segments: readonly string[],
): Promise<Response> {
  const [resource, id, extra] = segments;
  if (extra !== undefined) throw badEndpoint();
  if (isPublic(ctx.version, segments)) {
    if (method !== "GET") throw notAllowed();
    return jsonResponse(200, serviceProviderConfig());
  }
  if (resource === "Users" || resource === "Groups") {
    const users = resource === "Users";
    if (id === undefined) {
      if (method === "GET") return users ? listUsers(ctx) : listGroups(ctx);
      if (method === "POST") return users ? createUser(ctx) : createGroup(ctx);
      throw missingId(resource);
    }
    switch (method) {
      case "GET":
        return users ? readUser(ctx, id) : readGroup(ctx, id);
      case "PUT":
        return users ? replaceUser(ctx, id) : replaceGroup(ctx, id);
      case "PATCH":
        return users ? patchUser(ctx, id) : patchGroup(ctx, id);
      case "DELETE":
        return users ? deleteUser(ctx, id) : deleteGroup(ctx, id);
      default:
        throw notAllowed();
    }
  }
  if (resource === "Schemas") {
    if (method !== "GET") throw notAllowed();
    if (id === "Users" || id === "Groups") return jsonResponse(200, schemaDocument(ctx.version, id));
    if (id === undefined && ctx.version.n === 2) {
      const docs = [schemaDocument(ctx.version, "Users"), schemaDocument(ctx.version, "Groups")];
      return jsonResponse(200, renderList(ctx.version, docs, docs.length, 1));
    }
    throw badEndpoint();
  }
  if (resource === "ResourceTypes" && ctx.version.n === 2) {
    if (method !== "GET") throw notAllowed();
    const types = resourceTypes(ctx.render.base);
    if (id === undefined) return jsonResponse(200, { schemas: [ctx.version.list], Resources: types });
    const one = types.find((t) => t["id"] === id);
    if (!one) throw badEndpoint();
    return jsonResponse(200, one);
  }
  throw badEndpoint();
}
