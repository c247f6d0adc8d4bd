import { isObject, type JsonObject } from "../core/json.js";
import { jsonEqual, keyOf, matchesFilter } from "./match.js";
import { checkPatchOperations, type PatchOperation } from "./operation.js";
import { type ParsedPatchPath, type PatchPathOptions, parsePatchPath } from "./path.js";

/**
 * Applies PATCH operations to a copy of `resource` with RFC 7644 semantics (section 3.5.2) and returns the
 * copy: a preview of what a SCIM 2.0 server does with them. The input is not modified.
 *
 * Deliberately RFC, not Slack: `remove` on plain `emails` removes every email here, while Slack removes only
 * the secondary; Slack's phone slots and its single stored address, photo and role are not modelled.
 * `remove` with a `value` list on a multi-valued attribute removes only the listed entries.
 *
 * @throws `TypeError` for an invalid operation, or a `replace` whose value filter matches nothing (`noTarget`).
 * @example
 * ```ts
 * const preview = applyPatch(user, diffUser(user, desired));
 * ```
 */
export function applyPatch<T extends object>(
  resource: T,
  operations: readonly PatchOperation[],
  options: PatchPathOptions = {},
): T {
  if (operations.length > 0) checkPatchOperations(operations, options);
  const result = structuredClone(resource) as T & JsonObject;
  operations.forEach((operation, index) => {
    try {
      applyOne(result, operation, options);
    } catch (error) {
      throw new TypeError(`PATCH operation ${index}: ${(error as Error).message}`);
    }
  });
  return result;
}

function applyOne(resource: JsonObject, operation: PatchOperation, options: PatchPathOptions): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    // A path-less add/replace carries a map of attributes; each applies as if it had been the path.
    for (const [key, v] of Object.entries(value as JsonObject)) {
      applyOne(resource, { op, path: key, value: v }, { ...options, allowUnknownAttributes: true });
    }
    return;
  }
  const parsed = parsePatchPath(path, options);
  const isExtension = parsed.urn !== undefined && parsed.schema?.kind !== "core";
  if (isExtension && parsed.attribute === undefined) {
    applyToExtensionBlock(resource, parsed.urn as string, op, value);
    return;
  }
  let holder = resource;
  if (isExtension) {
    const urnKey = keyOf(resource, parsed.urn as string);
    if (!isObject(resource[urnKey])) {
      if (op === "remove") return;
      resource[urnKey] = {};
      addSchema(resource, urnKey);
    }
    holder = resource[urnKey] as JsonObject;
  }
  const key = keyOf(holder, parsed.attribute as string);
  if (parsed.filter !== undefined) applyFiltered(holder, key, parsed, op, value);
  else if (parsed.subAttribute !== undefined) applySub(holder, key, parsed.subAttribute, op, value);
  else applyAttribute(holder, key, parsed.multiValued || Array.isArray(holder[key]), op, value);
}

function applyToExtensionBlock(resource: JsonObject, urn: string, op: string, value: unknown): void {
  const key = keyOf(resource, urn);
  if (op === "remove") {
    delete resource[key];
    if (Array.isArray(resource["schemas"])) {
      resource["schemas"] = resource["schemas"].filter((s) => String(s).toLowerCase() !== urn.toLowerCase());
    }
    return;
  }
  if (!isObject(value)) throw new TypeError(`${op} on ${urn} needs an object`);
  const block = isObject(resource[key]) ? (resource[key] as JsonObject) : {};
  for (const [k, v] of Object.entries(value)) block[keyOf(block, k)] = structuredClone(v);
  resource[key] = block;
  addSchema(resource, key);
}

function addSchema(resource: JsonObject, urn: string): void {
  const schemas = resource["schemas"];
  if (Array.isArray(schemas) && !schemas.some((s) => String(s).toLowerCase() === urn.toLowerCase())) {
    schemas.push(urn);
  }
}

function applyAttribute(holder: JsonObject, key: string, multi: boolean, op: string, value: unknown): void {
  if (op === "remove") {
    if (multi && Array.isArray(value) && Array.isArray(holder[key])) {
      // Not RFC: the form Slack's Java SDK sends to remove listed members only.
      const drop = value.map((v) => (isObject(v) ? v["value"] : v));
      holder[key] = (holder[key] as unknown[]).filter((e) => !drop.includes(isObject(e) ? e["value"] : e));
      if ((holder[key] as unknown[]).length === 0) delete holder[key];
    } else {
      delete holder[key];
    }
    return;
  }
  const v = structuredClone(value);
  if (multi) {
    const incoming = Array.isArray(v) ? v : [v];
    const existing = op === "add" && Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
    if (incoming.some((e) => isObject(e) && e["primary"] === true)) clearPrimary(existing);
    const merged = [...existing];
    for (const entry of incoming) if (!merged.some((e) => jsonEqual(e, entry))) merged.push(entry);
    holder[key] = merged;
  } else if (isObject(v) && isObject(holder[key])) {
    // RFC 7644 3.5.2.1/3.5.2.3: a complex value sets the sub-attributes it names and leaves the others.
    const target = holder[key] as JsonObject;
    for (const [k, sub] of Object.entries(v)) target[keyOf(target, k)] = sub;
  } else {
    holder[key] = v;
  }
}

function applySub(holder: JsonObject, key: string, sub: string, op: string, value: unknown): void {
  const current = holder[key];
  const targets: JsonObject[] = Array.isArray(current)
    ? current.filter(isObject)
    : isObject(current)
      ? [current]
      : [];
  if (op === "remove") {
    for (const t of targets) delete t[keyOf(t, sub)];
    return;
  }
  if (targets.length === 0) {
    if (Array.isArray(current)) throw new TypeError(`noTarget: ${key} has no entry to set ${sub} on`);
    const created: JsonObject = {};
    holder[key] = created;
    targets.push(created);
  }
  for (const t of targets) t[keyOf(t, sub)] = structuredClone(value);
}

function applyFiltered(
  holder: JsonObject,
  key: string,
  parsed: ParsedPatchPath,
  op: string,
  value: unknown,
): void {
  const list = Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
  const filter = parsed.filter as NonNullable<ParsedPatchPath["filter"]>;
  const hits = list.map((e, i) => (matchesFilter(e, filter) ? i : -1)).filter((i) => i >= 0);
  const sub = parsed.subAttribute;
  if (op === "remove") {
    if (sub !== undefined) {
      for (const i of hits)
        if (isObject(list[i])) delete (list[i] as JsonObject)[keyOf(list[i] as JsonObject, sub)];
      return;
    }
    const kept = list.filter((_, i) => !hits.includes(i));
    if (kept.length === 0) delete holder[key];
    else holder[key] = kept;
    return;
  }
  // RFC 7644 3.5.2.3: a filter that matches nothing is `noTarget`.
  if (hits.length === 0) throw new TypeError(`noTarget: ${parsed.path} matches no value`);
  const setsPrimary =
    sub?.toLowerCase() === "primary" ? value === true : isObject(value) && value["primary"] === true;
  if (setsPrimary) clearPrimary(list);
  for (const i of hits) {
    const entry = list[i];
    if (sub === undefined) {
      list[i] = structuredClone(value);
    } else if (isObject(entry)) {
      entry[keyOf(entry, sub)] = structuredClone(value);
    } else {
      list[i] = { value: entry, [sub]: structuredClone(value) };
    }
  }
  holder[key] = list;
}

// RFC 7643 2.4: at most one value is primary, so a new primary demotes the old one.
function clearPrimary(list: unknown[]): void {
  for (const e of list) if (isObject(e) && e["primary"] === true) e["primary"] = false;
}
