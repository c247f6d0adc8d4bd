import { inspect } from "node:util";
import type { SCIMFilter } from "../filter/scim-filter.js";
import { checkFilter } from "../filter/slack-filters.js";
import type { Group } from "../models/group.js";
import type { User } from "../models/user.js";
import {
  items,
  type PaginateArgs,
  pages,
  resolvePageSize,
  resolveStartIndex,
  type WalkSource,
} from "../pagination.js";
import type { RateLimiter } from "../ratelimit/limiter.js";
import { rulesFor } from "../ratelimit/options.js";
import { sharedRateLimiter } from "../ratelimit/shared.js";
import { rateLimitsFor } from "../ratelimit/slack-limits.js";
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
} from "../responses.js";
import { defaultRetryHandlers } from "../retry/builtin-handlers.js";
import type { RetryHandler } from "../retry/handler.js";
import { FetchTransport } from "./fetch-transport.js";
import type { HttpResponse } from "./http.js";
import { encodeId } from "./ids.js";
import { ConsoleLogger, type Logger } from "./logger.js";
import { type CallOptions, checkTimeout, type SCIMClientOptions, validateOptions } from "./options.js";
import { type PipelineConfig, runPipeline } from "./pipeline.js";
import { RequestQueue } from "./queue.js";
import { SCIMResponse } from "./response.js";
import { createOnce, groupLookups, userLookups } from "./safe-create.js";
import type { RequestTarget } from "./transport.js";
import { UndiciTransport } from "./undici-transport.js";
import { userAgent } from "./user-agent.js";
import { type WaitForUserOptions, waitFor } from "./wait-for-user.js";

/** What a SCIM version contributes to the shared client: its base URL and the schemas of its bodies. */
export interface VersionSpec {
  /** Class name used in messages (`SCIMClient`). */
  name: string;
  /** Default base URL. */
  defaultBaseUrl: string;
  /** `schemas` given to user bodies that have none. */
  userSchemas: readonly string[];
  /** `schemas` given to group bodies that have none. */
  groupSchemas: readonly string[];
  /** Path of the capabilities document. */
  serviceProviderConfigPath: string;
  /** SCIM version, for the filters Slack accepts on it. */
  scimVersion: 1 | 2;
}

/** Arguments of `searchUsers` and `searchGroups`. */
export interface SearchArgs extends CallOptions {
  /**
   * 1-based index of the first result.
   * @defaultValue 1
   */
  startIndex?: number;
  /**
   * Page size; Slack defaults to 10 and treats anything above 1,000 as 1,000.
   */
  count?: number;
  /** SCIM filter: a string (checked like a built one) or a {@link scimFilter} value. */
  filter?: string | SCIMFilter;
}

/** Arguments of `apiCall`: any request relative to the base URL. */
export interface APICallArgs extends CallOptions {
  /** HTTP method. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path relative to `baseUrl`, with or without a leading `/`. */
  path: string;
  /** Query parameters; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body, sent as is. */
  body?: unknown;
}

type ResponseClass<R> = new (
  url: string,
  response: HttpResponse,
  request: { method: string; url: string },
) => R;

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function lookupArgs(filter: SCIMFilter, options: CallOptions): SearchArgs {
  const args: SearchArgs = { filter, count: 10 };
  if (options.signal) args.signal = options.signal;
  if (options.headers) args.headers = options.headers;
  return args;
}

function checkIndex(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number`);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * Everything both SCIM versions share: options, the request pipeline, and the methods whose paths and bodies
 * are the same on 1.1 and 2.0. A version class adds its PATCH shapes and discovery paths.
 */
export abstract class BaseSCIMClient {
  /** Base URL, ending with `/`. */
  readonly baseUrl: string;
  /** Retry handlers asked after each failed attempt; push to add one. */
  readonly retryHandlers: RetryHandler[];
  readonly #token: string | undefined;
  readonly #spec: VersionSpec;
  readonly #timeout: number;
  readonly #headers: Record<string, string>;
  readonly #pipeline: PipelineConfig;
  readonly #origin: string;
  readonly #basePath: string;
  readonly #limiter: RateLimiter | undefined;
  readonly #strictFilters: boolean;

  constructor(spec: VersionSpec, token: string | undefined, options: SCIMClientOptions = {}) {
    if (token !== undefined && typeof token !== "string") {
      throw new TypeError(`${spec.name}: token must be a string`);
    }
    validateOptions(options);
    this.#spec = spec;
    this.#token = token === "" ? undefined : token;
    const base = options.baseUrl ?? spec.defaultBaseUrl;
    this.baseUrl = base.endsWith("/") ? base : `${base}/`;
    const parsed = new URL(this.baseUrl);
    this.#origin = parsed.origin;
    this.#basePath = parsed.pathname;
    this.#timeout = options.timeout ?? 30_000;
    this.retryHandlers = options.retryHandlers ?? defaultRetryHandlers();
    const logger = options.logger ?? new ConsoleLogger();
    if (options.logLevel !== undefined) logger.setLevel(options.logLevel);
    this.#headers = {
      ...lowerCaseKeys(options.headers),
      accept: "application/json",
      "user-agent": userAgent(options.userAgentPrefix, options.userAgentSuffix),
    };
    const transport = options.fetch
      ? new FetchTransport(options.fetch)
      : new UndiciTransport({ proxy: options.proxy, tls: options.tls, env: process.env });
    const rules = rulesFor(options.rateLimit);
    this.#limiter = rules ? sharedRateLimiter(this.#token, this.#origin, rules) : undefined;
    this.#strictFilters = options.strictFilters ?? true;
    this.#pipeline = {
      transport,
      queue: new RequestQueue(options.maxRequestConcurrency ?? 10),
      logger,
      retryHandlers: this.retryHandlers,
      rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
      limiter: this.#limiter,
    };
  }

  /** The client's logger. */
  protected get logger(): Logger {
    return this.#pipeline.logger;
  }

  /** Closes pooled connections. The client can still be used; it reconnects on demand. */
  async close(): Promise<void> {
    await this.#pipeline.transport.close();
  }

  /** Sends any request relative to the base URL through the client's pipeline (retries, errors, logging). */
  async apiCall(args: APICallArgs): Promise<SCIMResponse> {
    if (typeof args?.path !== "string") throw new TypeError("apiCall: path must be a string");
    // A caller's path may hold characters that need encoding: let URL normalise it (not on the hot path).
    const relative = args.path.startsWith("/") ? args.path.slice(1) : args.path;
    const normalised = new URL(this.#basePath + relative, "http://x").pathname.slice(this.#basePath.length);
    return this.send(SCIMResponse, args.method, normalised, args, args.body, args.query);
  }

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
   * Creates a user (201). `schemas` defaults to the version's core schema. Never creates two users: when the
   * outcome is unknown (reset or timeout after sending, 5xx, unreadable 2xx), the user is looked up by
   * `userName`, then by email; found, the call resolves with it and `recovered: true`; not found, the create is
   * sent once more. A 409 (`username_taken`, `email_taken`) rejects with the `SCIMHTTPError`, the user holding
   * the name or email attached as `error.existing` when the lookup finds it.
   *
   * @example
   * ```ts
   * const { user, recovered } = await client.createUser({ userName: "ada", emails: [{ value: "ada@acme.example" }] });
   * ```
   */
  async createUser(user: User, options: CallOptions = {}): Promise<UserCreateResponse> {
    const body = this.withSchemas(user, this.#spec.userSchemas);
    return createOnce<UserCreateResponse, User>({
      what: "createUser",
      create: () => this.send(UserCreateResponse, "POST", "Users", options, body),
      lookups: () => userLookups<User>(user),
      search: async (filter) => (await this.searchUsers(lookupArgs(filter, options))).users,
      recovered: (found) => this.recovered(UserCreateResponse, "Users", found),
      logger: this.logger,
    });
  }

  /**
   * Replaces a user (`PUT /Users/{user.id}`): Slack blanks every attribute the body leaves out. Fields the
   * types do not name are sent back as read.
   */
  async updateUser(user: User, options: CallOptions = {}): Promise<UserUpdateResponse> {
    const path = `Users/${encodeId(user?.id, "user.id")}`;
    return this.send(
      UserUpdateResponse,
      "PUT",
      path,
      options,
      this.withSchemas(user, this.#spec.userSchemas),
    );
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
   * Creates a group (201); `displayName` is required by Slack, `members` optional. Never creates two groups:
   * an unknown outcome is settled by looking the group up by `displayName` (see {@link BaseSCIMClient.createUser}).
   */
  async createGroup(group: Group, options: CallOptions = {}): Promise<GroupCreateResponse> {
    const body = this.withSchemas(group, this.#spec.groupSchemas);
    return createOnce<GroupCreateResponse, Group>({
      what: "createGroup",
      create: () => this.send(GroupCreateResponse, "POST", "Groups", options, body),
      lookups: () => groupLookups<Group>(group),
      search: async (filter) => (await this.searchGroups(lookupArgs(filter, options))).groups,
      recovered: (found) => this.recovered(GroupCreateResponse, "Groups", found),
      logger: this.logger,
    });
  }

  /** Replaces a group: `displayName` and the whole member list (members left out are removed). */
  async updateGroup(group: Group, options: CallOptions = {}): Promise<GroupUpdateResponse> {
    const path = `Groups/${encodeId(group?.id, "group.id")}`;
    return this.send(
      GroupUpdateResponse,
      "PUT",
      path,
      options,
      this.withSchemas(group, this.#spec.groupSchemas),
    );
  }

  /** Removes a group for good; its members are untouched. */
  async deleteGroup(id: string, options: CallOptions = {}): Promise<GroupDeleteResponse> {
    return this.send(GroupDeleteResponse, "DELETE", `Groups/${encodeId(id)}`, options);
  }

  /** Slack's capabilities document. */
  async getServiceProviderConfig(options: CallOptions = {}): Promise<ServiceProviderConfigResponse> {
    return this.send(ServiceProviderConfigResponse, "GET", this.#spec.serviceProviderConfigPath, options);
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
      { read: (call) => this.send(ReadUserResponse, "GET", path, call), url: `${this.baseUrl}${path}` },
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
    const options: CallOptions = {};
    if (args.signal) options.signal = args.signal;
    if (args.timeout !== undefined) options.timeout = args.timeout;
    if (args.headers) options.headers = args.headers;
    const source: WalkSource<P, T> = {
      fetchPage: (start, count, call) =>
        this.send(Response, "GET", path, call, undefined, { startIndex: start, count, filter }),
      read: (page) => {
        const list = page instanceof SearchUsersResponse ? page.users : (page as SearchGroupsResponse).groups;
        return { items: list as unknown as T[], totalResults: page.totalResults };
      },
      logger: this.#pipeline.logger,
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
    const url = found.id
      ? `${this.baseUrl}${path}/${encodeURIComponent(found.id)}`
      : `${this.baseUrl}${path}`;
    const response: HttpResponse = {
      statusCode: 200,
      headers: {},
      rawBody: JSON.stringify(found),
      body: found,
    };
    return new Response(url, response, { method: "GET", url }, true);
  }

  /** A body with the given `schemas` when it has none; the caller's object is not changed. */
  protected withSchemas<T extends { schemas?: string[] }>(body: T, schemas: readonly string[]): T {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new TypeError(`${this.#spec.name}: the request body must be an object`);
    }
    return body.schemas === undefined ? { schemas: [...schemas], ...body } : body;
  }

  /** Runs one call through the pipeline and wraps the answer in `Response`. */
  protected async send<R>(
    Response: ResponseClass<R>,
    method: string,
    path: string,
    options: CallOptions,
    body?: unknown,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<R> {
    if (this.#token === undefined) {
      throw new TypeError(
        `${this.#spec.name}: no token. Pass an org admin user token (xoxp-…, admin scope) as the first argument.`,
      );
    }
    const timeout = options.timeout === undefined ? this.#timeout : checkTimeout("timeout", options.timeout);
    const target = this.target(path, query);
    const headers: Record<string, string> = options.headers
      ? { ...lowerCaseKeys(options.headers), ...this.#headers }
      : { ...this.#headers };
    headers["authorization"] = `Bearer ${this.#token}`;
    const json = body === undefined ? undefined : JSON.stringify(body);
    if (json !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    const response = await runPipeline(this.#pipeline, {
      method,
      target,
      headers,
      body: json,
      signal: options.signal,
      timeout,
      rateLimits: this.#limiter === undefined ? undefined : rateLimitsFor(method, path),
    });
    return new Response(target.href, response, { method, url: target.href });
  }

  private searchQuery(
    args: SearchArgs,
    resource: "User" | "Group",
  ): Record<string, string | number | undefined> {
    checkIndex("startIndex", args.startIndex, 1);
    checkIndex("count", args.count, 0);
    return {
      startIndex: args.startIndex,
      count: args.count,
      filter: this.checkedFilter(args.filter, resource),
    };
  }

  /** The filter's text after the grammar and Slack checks (a `SCIMFilterError` before any request). */
  private checkedFilter(filter: unknown, resource: "User" | "Group"): string | undefined {
    return checkFilter(filter, {
      version: this.#spec.scimVersion,
      resource,
      strict: this.#strictFilters,
      logger: this.#pipeline.logger,
    });
  }

  /** `path` is relative to the base URL and already encoded (ids go through `encodeId`). */
  private target(path: string, query?: Record<string, string | number | boolean | undefined>): RequestTarget {
    let full = this.#basePath + path;
    if (query) {
      let separator = full.includes("?") ? "&" : "?";
      for (const name in query) {
        const value = query[name];
        if (value === undefined) continue;
        full += `${separator}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
        separator = "&";
      }
    }
    return { origin: this.#origin, path: full, href: this.#origin + full };
  }

  /** Shows the base URL and handlers only: the token is never part of a client's printed form. */
  [inspect.custom](): string {
    return `${this.#spec.name} { baseUrl: '${this.baseUrl}', retryHandlers: [${this.retryHandlers.map((h) => h.constructor.name).join(", ")}] }`;
  }

  /** JSON form without the token. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }
}
