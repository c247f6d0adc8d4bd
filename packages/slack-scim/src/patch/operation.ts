import { SCIM2Schemas } from "../models/schemas.js";
import { type PatchPathOptions, parsePatchPath } from "./path.js";

/** The three RFC 7644 PATCH operation types, lower case as Slack documents them. */
export type PatchOperationType = "add" | "replace" | "remove";

/**
 * One RFC 7644 PATCH operation (section 3.5.2). `path` is optional for `add` and `replace`, whose `value` is
 * then a map of attributes; `remove` needs a `path` and no `value`.
 */
export interface PatchOperation {
  /** `"add"`, `"replace"` or `"remove"`. */
  op: PatchOperationType;
  /** Attribute path, e.g. `title`, `name.givenName`, `emails[primary eq true].value`, `members[value eq "W1"]`. */
  path?: string;
  /** New value; absent for `remove`. */
  value?: unknown;
}

/** The SCIM 2.0 PATCH body: the PatchOp message schema and the operations. */
export interface PatchRequest {
  /** Always the PatchOp message URN. */
  schemas: [typeof SCIM2Schemas.PatchOp];
  /** The operations, applied in order. */
  Operations: PatchOperation[];
}

/**
 * Builds the SCIM 2.0 PATCH body for `operations`, checking each one first (see {@link checkPatchOperations}).
 *
 * @example
 * ```ts
 * createPatchRequest([replace("active", false)]);
 * // { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] }
 * ```
 */
export function createPatchRequest(
  operations: readonly PatchOperation[],
  options: PatchPathOptions = {},
): PatchRequest {
  checkPatchOperations(operations, options);
  return { schemas: [SCIM2Schemas.PatchOp], Operations: operations.map((o) => ({ ...o })) };
}

/**
 * Checks operations before they are sent: known `op`, a checked `path` (see {@link parsePatchPath}), a `value`
 * where one is needed and an attribute map for a path-less `add`/`replace`.
 *
 * @throws `TypeError` naming the operation's index and what is wrong with it.
 */
export function checkPatchOperations(
  operations: readonly PatchOperation[],
  options: PatchPathOptions = {},
): void {
  if (!Array.isArray(operations)) throw new TypeError("PATCH operations must be an array");
  if (operations.length === 0) throw new TypeError("PATCH needs at least one operation");
  operations.forEach((operation, index) => {
    checkPatchOperation(operation, index, options);
  });
}

function checkPatchOperation(operation: PatchOperation, index: number, options: PatchPathOptions): void {
  const fail = (why: string): never => {
    throw new TypeError(`PATCH operation ${index}: ${why}`);
  };
  if (typeof operation !== "object" || operation === null) fail("must be an object");
  const { op, path, value } = operation;
  if (op !== "add" && op !== "replace" && op !== "remove") {
    fail(`op must be "add", "replace" or "remove", got ${JSON.stringify(op)}`);
  }
  if (path !== undefined) {
    try {
      parsePatchPath(path, options);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  if (op === "remove") {
    if (path === undefined) fail("remove needs a path (RFC 7644 section 3.5.2.2)");
    return;
  }
  if (value === undefined) fail(`${op} needs a value`);
  if (path === undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
    fail(`${op} without a path needs an object of attributes as its value`);
  }
}
