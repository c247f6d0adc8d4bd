import { request } from "node:http";
import { expect } from "vitest";

/**
 * A model, written from reading the Python Slack SDK's `slack_sdk.scim.v1` source (none of its code is copied),
 * of what its `SCIMClient` puts on the wire and what its response classes need to parse an answer. The SDK
 * itself cannot be installed here (no PyPI), so the conformance test replays its requests byte for byte.
 */

/** The User-Agent shape the SDK sends: `Python/X.Y.Z slackclient/VERSION OS/RELEASE`. */
export const sdkUserAgent = "Python/3.12.3 slackclient/3.34.0 Linux/6.8.0-generic";

/** `urllib.parse.quote(s)` with its default `safe="/"`: RFC 3986 unreserved and `/` stay, the rest is %XX. */
export function pyQuote(s: string): string {
  return encodeURIComponent(s)
    .replace(/%2F/g, "/")
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The SDK's query string: `quote(k)=quote(str(v))` for every non-`None` value, joined with `&` from a Python
 * *set*, so the order of the parameters differs from run to run. `order` picks one.
 */
export function sdkQuery(params: Record<string, string | number | undefined>, order: string[]): string {
  return order
    .filter((k) => params[k] !== undefined)
    .map((k) => `${pyQuote(k)}=${pyQuote(String(params[k]))}`)
    .join("&");
}

/** `json.dumps(value)` with Python's defaults: `", "` and `": "` separators, non-ASCII as `\uXXXX`. */
export function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`,
    );
    return `{${items.join(", ")}}`;
  }
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  return JSON.stringify(value);
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, "");
const camel = (key: string) => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

/**
 * The SDK's key conversion of a response body (`snake_cased_body`), including its list quirk: a list whose first
 * element is not an object becomes the whole list repeated once per element (`["a"]` → `[["a"]]`), and inside a
 * list of objects only the objects' own keys (and nested objects) are converted.
 */
export function snakeCased(body: Dict | null, convert: (key: string) => string = snake): Dict {
  const out: Dict = {};
  if (body === null) return out;
  for (const [key, value] of Object.entries(body)) {
    const k = convert(key);
    if (isDict(value)) out[k] = snakeCased(value, convert);
    else if (Array.isArray(value)) {
      const objects = value.length > 0 && isDict(value[0]);
      out[k] = objects
        ? value
            .filter(isDict)
            .map((e) =>
              Object.fromEntries(
                Object.entries(e).map(([ek, ev]) => [convert(ek), isDict(ev) ? snakeCased(ev, convert) : ev]),
              ),
            )
        : value.map(() => structuredClone(value));
    } else out[k] = value;
  }
  return out;
}

/**
 * What `User(**snake_cased_body).to_dict()` (or `Group`) sends back on `update_user` / `update_group` after a
 * read: every key camel-cased again, read-only attributes included, `schemas` nested by the quirk above.
 */
export function sdkBodyAfterRead(snakeBody: Dict): Dict {
  const walk = (v: unknown): unknown =>
    isDict(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), walk(x)]))
      : Array.isArray(v)
        ? v.map((e) => (isDict(e) ? walk(e) : e))
        : v;
  return walk(snakeBody) as Dict;
}

function keysWithin(obj: unknown, allowed: readonly string[], where: string): void {
  expect(isDict(obj), where).toBe(true);
  for (const key of Object.keys(obj as Dict))
    expect(allowed, `${where}: unexpected key ${key}`).toContain(key);
}

const typeAndValue = ["primary", "type", "value"];

/**
 * Fails where the SDK's model classes would raise: `TypeAndValue` (emails, phone numbers, roles), `Group`,
 * `GroupMember` and `GroupMeta` take no unknown keyword arguments. Entries of a list answer keep their keys
 * unconverted, hence both spellings.
 */
export function expectSDKParsesUser(user: Dict): void {
  expect(typeof user["id"]).toBe("string");
  for (const key of ["emails", "phone_numbers", "phoneNumbers", "roles"]) {
    const list = user[key];
    if (list === undefined || list === null) continue;
    expect(Array.isArray(list)).toBe(true);
    for (const entry of list as unknown[]) keysWithin(entry, typeAndValue, key);
  }
}

/** Fails where `Group(**g)` would raise (no `**kwargs` on `Group`, `GroupMember`, `GroupMeta`). */
export function expectSDKParsesGroup(group: Dict): void {
  keysWithin(group, ["display_name", "displayName", "id", "members", "meta", "schemas"], "Group");
  for (const m of (group["members"] as unknown[] | undefined) ?? [])
    keysWithin(m, ["display", "value"], "member");
  if (group["meta"] !== undefined) keysWithin(group["meta"], ["created", "location"], "GroupMeta");
}

/** `Errors(**errors)`: exactly `code` and `description`. */
export function expectSDKErrors(snakeBody: Dict, code: number, description: string): void {
  expect(snakeBody["errors"]).toEqual({ description, code });
  expect(Object.keys(snakeBody["errors"] as Dict).sort()).toEqual(["code", "description"]);
}

/** One answer as the SDK's `SCIMResponse` sees it. */
export interface SDKResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** `json.loads(raw)` only when the raw body starts with `{`, else `None`. */
  body: Dict | null;
  snake: Dict;
}

/**
 * Sends one request the way the SDK's urllib transport does: `Authorization: Bearer`, its `Content-Type` on
 * every request (body or not), its User-Agent, `Accept-Encoding: identity`, `Connection: close`, and the body
 * as `json.dumps` with `schemas` defaulted to the 1.1 core URN when absent.
 */
export function sdkRequest(
  baseUrl: string,
  token: string,
  method: string,
  pathAndQuery: string,
  body?: Dict,
): Promise<SDKResponse> {
  const url = new URL(`${baseUrl}${pathAndQuery}`);
  let data: Buffer | undefined;
  if (body !== undefined) {
    const sent = { ...body };
    if (sent["schemas"] === undefined || sent["schemas"] === null)
      sent["schemas"] = ["urn:scim:schemas:core:1.0"];
    data = Buffer.from(pyDumps(sent), "utf8");
  }
  const headers: Record<string, string> = {
    "Accept-Encoding": "identity",
    Host: url.host,
    "User-Agent": sdkUserAgent,
    "Content-Type": "application/json;charset=utf-8",
    Authorization: `Bearer ${token}`,
    Connection: "close",
  };
  if (data) headers["Content-Length"] = String(data.length);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const rawBody = Buffer.concat(chunks).toString("utf8");
          const parsed = rawBody.startsWith("{") ? (JSON.parse(rawBody) as Dict) : null;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawBody,
            body: parsed,
            snake: snakeCased(parsed),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
