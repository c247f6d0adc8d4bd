import { inspect } from "node:util";
import type { ErrorRequest } from "../core/errors.js";
import type { HttpResponse } from "../core/http.js";
import { isObject } from "../core/json.js";
import { ConsoleLogger, type Logger } from "../core/logger.js";
import { piiMaskingLogger } from "../core/pii.js";
import { credentialHeaders } from "../core/redact.js";
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
import { normaliseApiPath } from "./api-path.js";
import type { APICallArgs, SearchArgs } from "./args.js";
import { type Deadline, type InnerOptions, innerOptions, startDeadline, withinCall } from "./deadline.js";
import {
  checkMaxResponseBytes,
  checkTimeout,
  checkVersionMatch,
  defaultMaxResponseBytes,
  type SCIMClientOptions,
  validateOptions,
} from "./options.js";
import { type PipelineConfig, runPipeline } from "./pipeline.js";
import { RequestQueue } from "./queue.js";
import { transportFor } from "./transport-for.js";

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
  readonly #deadline: number | undefined;
  readonly #maxResponseBytes: number;
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
    checkVersionMatch(spec.name, spec.scimVersion, parsed.pathname, options.allowVersionMismatch ?? false);
    this.#timeout = options.timeout ?? 30_000;
    this.#deadline = options.deadline;
    this.#maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
    this.retryHandlers = options.retryHandlers ?? defaultRetryHandlers();
    const given = options.logger ?? new ConsoleLogger();
    if (options.logLevel !== undefined) given.setLevel(options.logLevel);
    const logger = options.logPII === true ? given : piiMaskingLogger(given);
    this.#ownHeaders = {
      accept: "application/json",
      "user-agent": userAgent(options.userAgentPrefix, options.userAgentSuffix),
    };
    this.#headers = { ...lowerCaseKeys(options.headers), ...this.#ownHeaders };
    const transport = transportFor(options);
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
      sensitiveHeaders: new Set([
        ...credentialHeaders,
        ...(options.redactHeaders ?? []).map((name) => name.toLowerCase()),
      ]),
    };
  }

  /** The per-attempt timeout of this client, in milliseconds. @internal */
  protected get timeout(): number {
    return this.#timeout;
  }

  /** The version this client speaks. @internal */
  protected get spec(): VersionSpec {
    return this.#spec;
  }

  /** The client's logger. @internal */
  protected get logger(): Logger {
    return this.#pipeline.logger;
  }

  /** Closes pooled connections. The client can still be used; it reconnects on demand. */
  async close(): Promise<void> {
    await this.#pipeline.transport.close();
  }

  /** Sends any request relative to the base URL through the client's pipeline (retries, errors, logging). */
  async apiCall(args: APICallArgs): Promise<SCIMResponse> {
    const path = normaliseApiPath(args?.path, this.#basePath);
    return this.send(SCIMResponse, args.method, path, args, args.body, args.query);
  }

  /**
   * Runs a call that makes several requests (a create and its lookups, a fallback path) under one deadline:
   * `run` gets the options for each of them, the caller's signal, timeout, headers and size limit included.
   * @internal
   */
  protected async withinDeadline<R>(
    options: InnerOptions,
    where: { method: string; path: string },
    run: (inner: InnerOptions) => Promise<R>,
  ): Promise<R> {
    if (withinCall in options) return run(options);
    const ms = options.deadline === undefined ? this.#deadline : checkTimeout("deadline", options.deadline);
    if (ms === undefined) return run(options);
    const request: ErrorRequest = { method: where.method, url: `${this.baseUrl}${where.path}` };
    const deadline = startDeadline(ms, options.signal, request);
    try {
      return await run(innerOptions(options, deadline));
    } finally {
      deadline.end();
    }
  }

  /**
   * A body with `schemas` when it has none: the version's core schema plus the URN of every extension block the
   * body carries. The caller's object is not changed; a body with `schemas` is sent as given.
   * @internal
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

  /** Runs one call through the pipeline and wraps the answer in `Response`. @internal */
  protected async send<R>(
    Response: ResponseClass<R>,
    method: string,
    path: string,
    options: InnerOptions,
    body?: unknown,
    query?: Record<string, string | number | boolean | undefined>,
  ): Promise<R> {
    if (this.#token === undefined) {
      throw new TypeError(
        `${this.#spec.name}: no token. Pass an org admin user token (xoxp-…, admin scope) as the first argument.`,
      );
    }
    const timeout = options.timeout === undefined ? this.#timeout : checkTimeout("timeout", options.timeout);
    const maxResponseBytes =
      options.maxResponseBytes === undefined
        ? this.#maxResponseBytes
        : checkMaxResponseBytes("maxResponseBytes", options.maxResponseBytes);
    const target = this.target(path, query);
    // A call's headers override the client's `headers` option, never the client's own.
    const headers: Record<string, string> = options.headers
      ? { ...this.#headers, ...lowerCaseKeys(options.headers), ...this.#ownHeaders }
      : { ...this.#headers };
    headers["authorization"] = `Bearer ${this.#token}`;
    const json = body === undefined ? undefined : JSON.stringify(body);
    if (json !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    let signal = options.signal;
    let deadlineAt: number | undefined;
    let deadline: Deadline | undefined;
    if (withinCall in options) deadlineAt = options[withinCall];
    else if (options.deadline !== undefined || this.#deadline !== undefined) {
      const ms = options.deadline === undefined ? this.#deadline : checkTimeout("deadline", options.deadline);
      deadline = startDeadline(ms as number, signal, { method, url: target.href });
      signal = deadline.signal;
      deadlineAt = deadline.endsAt;
    }
    try {
      const response = await runPipeline(this.#pipeline, {
        method,
        target,
        headers,
        body: json,
        maxResponseBytes,
        signal,
        timeout,
        deadlineAt,
        rateLimits: this.#limiter === undefined ? undefined : rateLimitsFor(method, path),
      });
      return new Response(target.href, response, { method, url: target.href });
    } finally {
      deadline?.end();
    }
  }

  /** The query of a search, its arguments and filter checked before any request. @internal */
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

  /** The filter's text after the grammar and Slack checks (a `SCIMFilterError` before any request). @internal */
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
  toJSON(): {
    /** The client's base URL. */
    baseUrl: string;
  } {
    return { baseUrl: this.baseUrl };
  }
}
