import { EmulatorHTTPError } from "../errors.js";
import type { Reply } from "../http/exchange.js";
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

/** The methods Slack's SCIM API accepts; anything else is `method_not_allowed` on every path. */
export const slackMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** One of {@link slackMethods}. */
export type SlackMethod = (typeof slackMethods)[number];

/** Answers one request to a route. */
export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

/** An endpoint: its handlers by method, and whether it needs a token. */
export interface Route {
  /** A capabilities document, served without a token. */
  readonly public: boolean;
  /** The handler of each method the endpoint answers. */
  readonly handlers: Readonly<Partial<Record<SlackMethod, Handler>>>;
  /** What another of Slack's methods gets here. @defaultValue 405 `method_not_allowed` with `Allow` */
  readonly otherwise?: () => EmulatorHTTPError;
}

const isSlackMethod = (method: string): method is SlackMethod =>
  (slackMethods as readonly string[]).includes(method);

/** 405 `method_not_allowed` with `Allow`: the route's methods, or all of Slack's when no route matched. */
function notAllowed(route: Route | undefined): EmulatorHTTPError {
  const allow = route ? slackMethods.filter((m) => route.handlers[m] !== undefined) : slackMethods;
  return new EmulatorHTTPError(405, "method_not_allowed", { headers: { allow: allow.join(", ") } });
}

const badEndpoint = () => new EmulatorHTTPError(404, "bad_endpoint");

function usersOrGroups(kind: "Users" | "Groups", id: string | undefined): Route {
  const users = kind === "Users";
  if (id === undefined) {
    return {
      public: false,
      handlers: { GET: users ? listUsers : listGroups, POST: users ? createUser : createGroup },
      otherwise: () => missingId(kind),
    };
  }
  return {
    public: false,
    handlers: users
      ? {
          GET: (ctx) => readUser(ctx, id),
          PUT: (ctx) => replaceUser(ctx, id),
          PATCH: (ctx) => patchUser(ctx, id),
          DELETE: (ctx) => deleteUser(ctx, id),
        }
      : {
          GET: (ctx) => readGroup(ctx, id),
          PUT: (ctx) => replaceGroup(ctx, id),
          PATCH: (ctx) => patchGroup(ctx, id),
          DELETE: (ctx) => deleteGroup(ctx, id),
        },
  };
}

const readOnly = (get: Handler): Route => ({ public: false, handlers: { GET: get } });

function schemas(version: SCIMVersion, id: string | undefined): Route {
  if (id === "Users" || id === "Groups")
    return readOnly(() => jsonResponse(200, schemaDocument(version, id)));
  if (id !== undefined || version.n === 1) {
    return readOnly(() => {
      throw badEndpoint();
    });
  }
  return readOnly(() => {
    const docs = [schemaDocument(version, "Users"), schemaDocument(version, "Groups")];
    return jsonResponse(200, renderList(version, docs, docs.length, 1));
  });
}

function types(version: SCIMVersion, id: string | undefined): Route {
  return readOnly((ctx) => {
    const all = resourceTypes(ctx.render.base);
    if (id === undefined) return jsonResponse(200, { schemas: [version.list], Resources: all });
    const one = all.find((t) => t["id"] === id);
    if (!one) throw badEndpoint();
    return jsonResponse(200, one);
  });
}

/**
 * The route table: the endpoint for a path relative to the version base, as decoded segments (`["Users", "W1"]`),
 * or `undefined` when there is none (404 `bad_endpoint`, after authentication). Each segment is one literal
 * segment of the request line: an id is never split, joined or resolved against `..`.
 */
export function findRoute(version: SCIMVersion, segments: readonly string[]): Route | undefined {
  const [resource, id, extra] = segments;
  if (extra !== undefined || segments.includes("")) return undefined;
  switch (resource) {
    case "ServiceProviderConfigs":
      return id === undefined ? { public: true, handlers: { GET: serviceProvider } } : undefined;
    case "ServiceProviderConfig":
      return id === undefined && version.n === 2
        ? { public: true, handlers: { GET: serviceProvider } }
        : undefined;
    case "Users":
    case "Groups":
      return usersOrGroups(resource, id);
    case "Schemas":
      return schemas(version, id);
    case "ResourceTypes":
      return version.n === 2 ? types(version, id) : undefined;
    default:
      return undefined;
  }
}

const serviceProvider: Handler = () => jsonResponse(200, serviceProviderConfig());

/**
 * Refuses, before anything else, a method Slack's API never accepts (405 with `Allow`). The methods an endpoint
 * takes are checked by {@link handlerFor}, after authentication.
 */
export function checkSlackMethod(method: string, route: Route | undefined): void {
  if (!isSlackMethod(method)) throw notAllowed(route);
}

/**
 * The handler for `method` on `route`: 404 `bad_endpoint` without a route; the route's `otherwise` (by default
 * 405 `method_not_allowed` with `Allow`) for a method it does not take.
 */
export function handlerFor(route: Route | undefined, method: string): Handler {
  if (route === undefined) throw badEndpoint();
  const handler = isSlackMethod(method) ? route.handlers[method] : undefined;
  if (handler) return handler;
  throw isSlackMethod(method) && route.otherwise ? route.otherwise() : notAllowed(route);
}
