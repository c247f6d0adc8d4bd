import { inspect } from "node:util";
import type { CallOptions } from "../core/call-options.js";
import { FetchTransport } from "../core/fetch-transport.js";
import type { HttpResponse } from "../core/http.js";
import { isObject } from "../core/json.js";
import { LazyTransport } from "../core/lazy-transport.js";
import { ConsoleLogger, type Logger } from "../core/logger.js";
import { SCIMResponse } from "../core/response.js";
import type { RequestTarget } from "../core/transport.js";
import { userAgent } from "../core/user-agent.js";
import { checkFilter } from "../filter/slack-filters.js";
import type { RateLimiter } from "../ratelimit/limiter.js";
import { resolveRateLimit } from "../ratelimit/options.js";
import { sharedRateLimiter } from "../ratelimit/shared.js";
import { rateLimitsFor } from "../ratelimit/slack-limits.js";
import { defaultRetryHandlers } from "../retry/builtin-handlers.js";
import type { RetryHandler } from "../retry/handler.js";
import type { APICallArgs, SearchArgs } from "./args.js";
import { checkTimeout, type SCIMClientOptions, validateOptions } from "./options.js";
import { type PipelineConfig, runPipeline } from "./pipeline.js";
import { RequestQueue } from "./queue.js";

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

/** A typed response's constructor. */
export type ResponseClass<R> = new (
  url: string,
  response: HttpResponse,
  request: { method: string; url: string },
) => R;

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function checkIndex(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number") throw new TypeError(`${name} must be a number`);
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * The part of a client that knows no SCIM resource: options, credentials, the request pipeline and the URL of
 * each call. {@link BaseSCIMClient} adds the methods both versions share.
 */
export abstract class SCIMCore {
  /** Base URL, ending with `/`. */
  readonly baseUrl: string;
  /** Retry handlers asked after each failed attempt; push to add one. */
  readonly retryHandlers: RetryHandler[];
  readonly #token: string | undefined;
  readonly #spec: VersionSpec;
  readonly #timeout: number;
  /** Every request's headers: the caller's `headers` option, then the client's own (which win). */
  readonly #headers: Record<string, string>;
  /** The client's own headers, which win over any caller's header of the same name. */
  readonly #ownHeaders: Record<string, string>;
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
    // An empty string (an unset variable in a .env file) means the default, like undefined.
    const base = options.baseUrl || spec.defaultBaseUrl;
    this.baseUrl = base.endsWith("/") ? base : `${base}/`;
    const parsed = new URL(this.baseUrl);
    this.#origin = parsed.origin;
    this.#basePath = parsed.pathname;
    this.#timeout = options.timeout ?? 30_000;
    this.retryHandlers = options.retryHandlers ?? defaultRetryHandlers();
    const logger = options.logger ?? new ConsoleLogger();
    if (options.logLevel !== undefined) logger.setLevel(options.logLevel);
    this.#ownHeaders = {
      accept: "application/json",
      "user-agent": userAgent(options.userAgentPrefix, options.userAgentSuffix),
    };
    this.#headers = { ...lowerCaseKeys(options.headers), ...this.#ownHeaders };
    const { proxy, tls } = options;
    const transport = options.fetch
      ? new FetchTransport(options.fetch)
      : new LazyTransport(async () => {
          const { UndiciTransport } = await import("../core/undici-transport.js");
          return new UndiciTransport({ proxy, tls, env: process.env });
        });
    const rateLimit = resolveRateLimit(options.rateLimit);
    this.#limiter = rateLimit ? sharedRateLimiter(this.#token, this.#origin, rateLimit) : undefined;
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

  /** The per-attempt timeout of this client, in milliseconds. */
  protected get timeout(): number {
    return this.#timeout;
  }

  /** The version this client speaks. */
  protected get spec(): VersionSpec {
    return this.#spec;
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
    // Refuse rather than reinterpret: a query in the path would be dropped, `..` would leave the base URL.
    if (/[?#]/.test(args.path)) {
      throw new TypeError('apiCall: path must not contain "?" or "#"; pass query parameters as `query`');
    }
    const relative = args.path.startsWith("/") ? args.path.slice(1) : args.path;
    if (relative.split("/").some((segment) => segment === "." || segment === "..")) {
      throw new TypeError('apiCall: path must not contain "." or ".." segments');
    }
    // What is left may hold characters that need encoding (spaces, non-ASCII): URL encodes them.
    const normalised = new URL(this.#basePath + relative, "http://x").pathname.slice(this.#basePath.length);
    return this.send(SCIMResponse, args.method, normalised, args, args.body, args.query);
  }

  /**
   * A body with `schemas` when it has none: the version's core schema plus the URN of every extension block the
   * body carries. The caller's object is not changed; a body with `schemas` is sent as given.
   */
  protected withSchemas<T extends { schemas?: string[] }>(body: T, schemas: readonly string[]): T {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new TypeError(`${this.#spec.name}: the request body must be an object`);
    }
    if (body.schemas !== undefined) return body;
    // Slack applies an extension block only when its URN is listed ("list extension URNs you send").
    const extensions = Object.keys(body).filter(
      (key) => key.toLowerCase().startsWith("urn:") && isObject((body as Record<string, unknown>)[key]),
    );
    return { schemas: [...schemas, ...extensions.filter((urn) => !schemas.includes(urn))], ...body };
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
    // A call's headers override the client's `headers` option, never the client's own.
    const headers: Record<string, string> = options.headers
      ? { ...this.#headers, ...lowerCaseKeys(options.headers), ...this.#ownHeaders }
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

  /** The query of a search, its arguments and filter checked before any request. */
  protected searchQuery(
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
  protected checkedFilter(filter: unknown, resource: "User" | "Group"): string | undefined {
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
