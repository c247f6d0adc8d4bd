import type { CallOptions } from "../core/call-options.js";
import { channels } from "../core/diagnostics.js";
import type { HttpResponse } from "../core/http.js";
import { encodeId } from "../core/ids.js";
import type { SCIMFilter } from "../filter/scim-filter.js";
import type { Group } from "../models/group.js";
import type { User } from "../models/user.js";
import type { SearchArgs } from "./args.js";
import {
  clockOffset,
  groupLookups,
  madeByGroupCreate,
  madeByUserCreate,
  userLookups,
} from "./create-identity.js";
import type { InnerOptions } from "./deadline.js";
import {
  items,
  type PaginateArgs,
  pages,
  resolvePageSize,
  resolveStartIndex,
  type WalkSource,
} from "./pagination.js";
import {
  GroupCreateResponse,
  GroupDeleteResponse,
  GroupUpdateResponse,
  ReadGroupResponse,
  ReadUserResponse,
  SearchGroupsResponse,
  SearchUsersResponse,
  ServiceProviderConfigResponse,
  UserCreateResponse,
  UserDeleteResponse,
  UserUpdateResponse,
} from "./responses.js";
import { createOnce } from "./safe-create.js";
import { type ResponseClass, SCIMCore } from "./scim-core.js";
import { type WaitForUserOptions, waitFor } from "./wait-for-user.js";

export type { APICallArgs, SearchArgs } from "./args.js";
export type { VersionSpec } from "./scim-core.js";

/** A recovery lookup: the caller's options (signal, timeout, headers, size limit, the call's deadline). */
function lookupArgs(filter: SCIMFilter, options: InnerOptions): SearchArgs {
  return { ...options, filter, count: 10 };
}

/** A found resource's URL; the base path alone when its id could not be in a URL. */
function foundUrl(base: string, id: string | undefined): string {
  if (!id) return base;
  try {
    return `${base}/${encodeURIComponent(id)}`;
  } catch {
    return base;
  }
}

/**
 * The methods whose paths and bodies are the same on SCIM 1.1 and 2.0. A version class adds its PATCH shapes
 * and discovery paths.
 */
export abstract class BaseSCIMClient extends SCIMCore {
  /**
   * Lists users, one page per call.
   *
   * @param args - Paging and filtering. `startIndex` is 1-based, as in SCIM.
   * @returns The page as Slack sent it: `users`, `totalResults`, `itemsPerPage`, `startIndex`.
   * @example
   * ```ts
   * const { users, totalResults } = await client.searchUsers({ count: 100, filter: 'userName eq "ada"' });
   * ```
   */
  async searchUsers(args: SearchArgs = {}): Promise<SearchUsersResponse> {
    return this.send(SearchUsersResponse, "GET", "Users", args, undefined, this.searchQuery(args, "User"));
  }

  /** Reads one user by id. */
  async readUser(id: string, options: CallOptions = {}): Promise<ReadUserResponse> {
    return this.send(ReadUserResponse, "GET", `Users/${encodeId(id)}`, options);
  }

  /**
   * Creates a user (201). `schemas` defaults to the version's core schema and the URNs of the extension blocks
   * the body carries. Never creates two users: when the
   * outcome is unknown (reset or timeout after sending, 5xx, unreadable 2xx), the user is looked up by
   * `userName`, then by email; found, the call resolves with it and `recovered: true`; not found, the create is
   * sent once more. A user found that is not this create's (created before the call, or holding only the email
   * under another name) is never adopted: the call rejects with the original error and that user as
   * `error.existing`. A 409 (`username_taken`, `email_taken`) rejects with the `SCIMHTTPError`, the user holding
   * the name or email attached as `error.existing` when the lookup finds it.
   *
   * @example
   * ```ts
   * const { user, recovered } = await client.createUser({ userName: "ada", emails: [{ value: "ada@acme.example" }] });
   * ```
   */
  async createUser(user: User, options: CallOptions = {}): Promise<UserCreateResponse> {
    const body = this.withSchemas(user, this.spec.userSchemas);
    const startedAt = Date.now();
    return this.withinDeadline(options, { method: "POST", path: "Users" }, (call) =>
      createOnce<UserCreateResponse, User>({
        what: "createUser",
        create: () => this.send(UserCreateResponse, "POST", "Users", call, body),
        lookups: () => userLookups<User>(user),
        isOurs: madeByUserCreate(user, startedAt),
        search: async (filter) => {
          const page = await this.searchUsers(lookupArgs(filter, call));
          return { resources: page.users, clockOffsetMs: clockOffset(page.headers["date"], Date.now()) };
        },
        resend: true,
        recovered: (found) => this.recovered(UserCreateResponse, "Users", found),
        logger: this.logger,
        signal: call.signal,
      }),
    );
  }

  /**
   * Replaces a user (`PUT /Users/{user.id}`): Slack blanks every attribute the body leaves out. Fields the
   * types do not name are sent back as read.
   */
  async updateUser(user: User, options: CallOptions = {}): Promise<UserUpdateResponse> {
    const path = `Users/${encodeId(user?.id, "user.id")}`;
    return this.send(UserUpdateResponse, "PUT", path, options, this.withSchemas(user, this.spec.userSchemas));
  }

  /** Deactivates a user (Slack never deletes users); idempotent. */
  async deleteUser(id: string, options: CallOptions = {}): Promise<UserDeleteResponse> {
    return this.send(UserDeleteResponse, "DELETE", `Users/${encodeId(id)}`, options);
  }

  /** Lists groups, one page per call (`groups`, `totalResults`, `itemsPerPage`, `startIndex`). */
  async searchGroups(args: SearchArgs = {}): Promise<SearchGroupsResponse> {
    return this.send(SearchGroupsResponse, "GET", "Groups", args, undefined, this.searchQuery(args, "Group"));
  }

  /** Reads one group by id. */
  async readGroup(id: string, options: CallOptions = {}): Promise<ReadGroupResponse> {
    return this.send(ReadGroupResponse, "GET", `Groups/${encodeId(id)}`, options);
  }

  /**
   * Creates a group (201); `displayName` is required by Slack, `members` optional. Never creates two groups: an
   * unknown outcome is settled by looking the group up by `displayName` and members; found, the call resolves
   * with it (`recovered: true`); not found, it rejects with the original error instead of sending the create
   * again, because Slack does not keep group names unique and a late first request could still land.
   */
  async createGroup(group: Group, options: CallOptions = {}): Promise<GroupCreateResponse> {
    const body = this.withSchemas(group, this.spec.groupSchemas);
    const startedAt = Date.now();
    return this.withinDeadline(options, { method: "POST", path: "Groups" }, (call) =>
      createOnce<GroupCreateResponse, Group>({
        what: "createGroup",
        create: () => this.send(GroupCreateResponse, "POST", "Groups", call, body),
        lookups: () => groupLookups<Group>(group),
        isOurs: madeByGroupCreate(group, startedAt),
        search: async (filter) => {
          const page = await this.searchGroups(lookupArgs(filter, call));
          return { resources: page.groups, clockOffsetMs: clockOffset(page.headers["date"], Date.now()) };
        },
        resend: false,
        recovered: (found) => this.recovered(GroupCreateResponse, "Groups", found),
        logger: this.logger,
        signal: call.signal,
      }),
    );
  }

  /** Replaces a group: `displayName` and the whole member list (members left out are removed). */
  async updateGroup(group: Group, options: CallOptions = {}): Promise<GroupUpdateResponse> {
    const path = `Groups/${encodeId(group?.id, "group.id")}`;
    return this.send(
      GroupUpdateResponse,
      "PUT",
      path,
      options,
      this.withSchemas(group, this.spec.groupSchemas),
    );
  }

  /** Removes a group for good; its members are untouched. */
  async deleteGroup(id: string, options: CallOptions = {}): Promise<GroupDeleteResponse> {
    return this.send(GroupDeleteResponse, "DELETE", `Groups/${encodeId(id)}`, options);
  }

  /** Slack's capabilities document. */
  async getServiceProviderConfig(options: CallOptions = {}): Promise<ServiceProviderConfigResponse> {
    return this.send(ServiceProviderConfigResponse, "GET", this.spec.serviceProviderConfigPath, options);
  }

  /**
   * Every user matching `filter`, one page in memory at a time, each id once even when the roster changes
   * during the walk (the drift is logged). Lazy: no request until the first `next()`; `break` stops fetching.
   * Pages go through the normal retry loop and rate limiter.
   *
   * @example
   * ```ts
   * for await (const user of client.iterateUsers({ filter: scimFilter`email eq ${email}` })) console.log(user.id);
   * ```
   */
  iterateUsers(args: PaginateArgs = {}): AsyncIterableIterator<User> {
    return items(...this.walkOf<SearchUsersResponse, User>(args, "User"));
  }

  /** Every group matching `filter`, lazily, one page in memory (see {@link BaseSCIMClient.iterateUsers}). */
  iterateGroups(args: PaginateArgs = {}): AsyncIterableIterator<Group> {
    return items(...this.walkOf<SearchGroupsResponse, Group>(args, "Group"));
  }

  /**
   * Pages of users as Slack sent them (`pageSize` up to 1,000), lazily, like WebClient#paginate. Stops on
   * `totalResults`, an empty page, or a page that repeats what the walk has seen.
   */
  paginateUsers(args: PaginateArgs = {}): AsyncIterableIterator<SearchUsersResponse> {
    return pages(...this.walkOf<SearchUsersResponse, User>(args, "User"));
  }

  /** Pages of groups as Slack sent them, lazily (see {@link BaseSCIMClient.paginateUsers}). */
  paginateGroups(args: PaginateArgs = {}): AsyncIterableIterator<SearchGroupsResponse> {
    return pages(...this.walkOf<SearchGroupsResponse, Group>(args, "Group"));
  }

  /**
   * Reads a user until `predicate` holds, then resolves with it: Slack applies some changes (deactivation) a few
   * seconds late. A 404 counts as "not yet". Reads are spaced by `interval` and go through the rate limiter.
   *
   * @throws {@link SCIMWaitTimeoutError} after `timeout` ms, naming the last value seen.
   * @example
   * ```ts
   * await client.deleteUser(id);
   * await client.waitForUser(id, (u) => u.active === false, { timeout: 30_000 });
   * ```
   */
  async waitForUser(
    id: string,
    predicate: (user: User) => boolean | Promise<boolean>,
    options: WaitForUserOptions = {},
  ): Promise<User> {
    const path = `Users/${encodeId(id)}`;
    return waitFor(
      {
        read: (call) => this.send(ReadUserResponse, "GET", path, call),
        url: `${this.baseUrl}${path}`,
        timeout: this.timeout,
      },
      id,
      predicate,
      options,
    );
  }

  /** The walk of one resource type; arguments are checked now, before any request. */
  private walkOf<P extends SearchUsersResponse | SearchGroupsResponse, T>(
    args: PaginateArgs,
    resource: "User" | "Group",
  ): [WalkSource<P, T>, { pageSize: number; startIndex: number; options: CallOptions }] {
    const pageSize = resolvePageSize(args.pageSize);
    const startIndex = resolveStartIndex(args.startIndex);
    const filter = this.checkedFilter(args.filter, resource);
    const path = resource === "User" ? "Users" : "Groups";
    const Response = (resource === "User"
      ? SearchUsersResponse
      : SearchGroupsResponse) as unknown as ResponseClass<P>;
    // Every page request gets the caller's options; a `deadline` bounds each page (the caller sets the pace).
    const { filter: _filter, pageSize: _pageSize, startIndex: _startIndex, ...options } = args;
    const source: WalkSource<P, T> = {
      fetchPage: (start, count, call) =>
        this.send(Response, "GET", path, call, undefined, { startIndex: start, count, filter }),
      read: (page) => {
        const list = page instanceof SearchUsersResponse ? page.users : (page as SearchGroupsResponse).groups;
        return { items: list as unknown as T[], totalResults: page.totalResults };
      },
      logger: this.logger,
      what: resource === "User" ? "iterating users" : "iterating groups",
    };
    return [source, { pageSize, startIndex, options }];
  }

  /** A create response for a resource found by the duplicate-safe lookup instead of created. */
  private recovered<R>(
    Response: new (
      url: string,
      response: HttpResponse,
      request: { method: string; url: string },
      recovered: boolean,
    ) => R,
    path: string,
    found: { id?: string },
  ): R {
    const url = foundUrl(`${this.baseUrl}${path}`, found.id);
    if (channels.createRecovered.hasSubscribers) {
      const { origin, pathname } = new URL(`${this.baseUrl}${path}`);
      channels.createRecovered.publish({
        resource: path === "Users" ? "User" : "Group",
        origin,
        path: pathname,
      });
    }
    const response: HttpResponse = {
      statusCode: 200,
      headers: {},
      rawBody: JSON.stringify(found),
      body: found,
    };
    return new Response(url, response, { method: "GET", url }, true);
  }
}
