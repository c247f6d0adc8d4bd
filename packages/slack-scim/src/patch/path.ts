import { PatchPathError } from "../core/errors.js";
import { FilterCursor, FilterSyntaxError, parseValueFilter, type ValueFilter } from "../filter/grammar.js";
import {
  type AttributeSpec,
  attributesOf,
  knownSchemas,
  type PatchResourceType,
  type SchemaSpec,
} from "./catalogue.js";

/** How strictly a PATCH path is checked. */
export interface PatchPathOptions {
  /**
   * The resource the path targets. Without it a path is checked against users and groups together.
   * @defaultValue `undefined`
   */
  resource?: PatchResourceType;
  /**
   * Accept attribute names, sub-attributes and URNs that Slack does not document (for attributes Slack may add
   * later). Read-only attributes such as `id` stay refused, and the syntax is still checked.
   * @defaultValue `false`
   */
  allowUnknownAttributes?: boolean;
  /** Further extension URNs to recognise as path prefixes, e.g. a custom schema Slack adds later. */
  extensions?: readonly string[];
}

/** A checked PATCH path, split into its parts, with names in their canonical spelling. */
export interface ParsedPatchPath {
  /** The path as given. */
  readonly path: string;
  /** The URN prefix, canonical for a known schema, as written otherwise. */
  readonly urn?: string;
  /** The known schema `urn` names; absent for unknown or custom URNs. */
  readonly schema?: SchemaSpec;
  /** Top-level attribute (inside the extension when `urn` is an extension); absent for a bare URN. */
  readonly attribute?: string;
  /** The value filter between `[` and `]`. */
  readonly filter?: ValueFilter;
  /** Sub-attribute after `.` (`name.givenName`, `emails[…].value`, `…:User.manager.managerId`). */
  readonly subAttribute?: string;
  /** Whether the attribute is a multi-valued one (`emails`, `members`, …). */
  readonly multiValued: boolean;
}

/**
 * Parses and checks a PATCH `path` against the attributes Slack documents: core attributes, the enterprise,
 * guest and profile extensions (both versions' URNs, colon or dot form after the URN), and value filters
 * (`emails[value eq "a@b.example"]`, `emails[primary eq true].value`).
 *
 * @throws {@link PatchPathError} (a `TypeError`) naming the path and the 0-based position of the problem.
 * @example
 * ```ts
 * parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.managerId");
 * // { urn: "…enterprise:2.0:User", attribute: "manager", subAttribute: "managerId", … }
 * ```
 */
export function parsePatchPath(path: string, options: PatchPathOptions = {}): ParsedPatchPath {
  if (typeof path !== "string") throw new TypeError(`PATCH path must be a string, got ${typeof path}`);
  try {
    return parsePath(new FilterCursor(path), options);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new PatchPathError(path, error.position, error.reason);
    throw error;
  }
}

function parsePath(c: FilterCursor, options: PatchPathOptions): ParsedPatchPath {
  const path = c.text;
  if (path.length === 0) c.fail("the path is empty");
  let lenient = options.allowUnknownAttributes === true;
  const result: {
    -readonly [K in keyof ParsedPatchPath]: ParsedPatchPath[K];
  } = { path, multiValued: false };

  if (path.slice(0, 4).toLowerCase() === "urn:") {
    const { urn, schema } = matchUrn(c, options);
    result.urn = urn;
    if (schema !== undefined) {
      result.schema = schema;
      if (options.resource !== undefined && !schema.resources.includes(options.resource)) {
        c.fail(`schema ${schema.urn} does not apply to ${options.resource} resources`, 0);
      }
    }
    if (c.atEnd()) {
      if (schema?.kind === "core") c.fail("a core schema URN must be followed by an attribute");
      return result;
    }
    // RFC 7644 separates the URN with ":"; Slack documents "." for removals (`…:User.manager.managerId`).
    if (c.peek() !== ":" && c.peek() !== ".") c.fail('expected ":" or "." after the schema URN');
    c.pos += 1;
  }

  // Attributes of a URN the caller registered in `extensions` cannot be checked.
  if (result.urn !== undefined && result.schema === undefined) lenient = true;
  const specs =
    result.urn !== undefined && result.schema === undefined
      ? []
      : attributesOf(result.schema, options.resource);
  const nameAt = c.pos;
  const name = c.name("an attribute name");
  const spec = findSpec(specs, name);
  if (spec?.readOnly !== undefined) c.fail(`${spec.name} is read-only: ${spec.readOnly}`, nameAt);
  if (spec === undefined && !lenient) c.fail(`unknown attribute "${name}"`, nameAt);
  result.attribute = spec?.name ?? name;
  result.multiValued = spec?.multi === true;

  if (c.peek() === "[") {
    if (spec !== undefined && spec.multi !== true)
      c.fail(`${spec.name} is not multi-valued and takes no filter`);
    c.pos += 1;
    const filterAt = c.pos;
    const filter = parseValueFilter(c);
    if (c.peek() !== "]") c.fail('expected "]" or a logical operator');
    c.pos += 1;
    checkFilterNames(c, filter, spec, lenient, filterAt);
    result.filter = filter;
    result.multiValued = true;
  }

  if (c.peek() === ".") {
    c.pos += 1;
    const subAt = c.pos;
    const sub = c.name("a sub-attribute name");
    const known = spec?.sub?.find((s) => s.toLowerCase() === sub.toLowerCase());
    if (spec !== undefined && spec.sub === undefined) c.fail(`${spec.name} has no sub-attributes`, subAt);
    if (spec !== undefined && known === undefined && !lenient) {
      c.fail(`unknown sub-attribute "${sub}" of ${spec.name}`, subAt);
    }
    result.subAttribute = known ?? sub;
  }
  if (!c.atEnd())
    c.fail(
      c.peek() === "[" ? "a filter must follow the attribute name directly" : `unexpected "${c.peek()}"`,
    );
  return result;
}

function findSpec(specs: readonly AttributeSpec[], name: string): AttributeSpec | undefined {
  const lower = name.toLowerCase();
  return specs.find((s) => s.name.toLowerCase() === lower);
}

function matchUrn(c: FilterCursor, options: PatchPathOptions): { urn: string; schema?: SchemaSpec } {
  const lower = c.text.toLowerCase();
  const boundary = (len: number) => len === c.text.length || c.text[len] === ":" || c.text[len] === ".";
  for (const schema of knownSchemas) {
    if (lower.startsWith(schema.urn.toLowerCase()) && boundary(schema.urn.length)) {
      c.pos = schema.urn.length;
      return { urn: schema.urn, schema };
    }
  }
  const custom = [...(options.extensions ?? [])].sort((a, b) => b.length - a.length);
  for (const urn of custom) {
    if (lower.startsWith(urn.toLowerCase()) && boundary(urn.length)) {
      c.pos = urn.length;
      return { urn };
    }
  }
  if (options.allowUnknownAttributes !== true) {
    c.fail("unknown schema URN; pass it in `extensions` or allow unknown attributes", 0);
  }
  // Where an unknown URN ends is ambiguous (`urn:x:1.0.attr`), so unregistered it is taken whole.
  if (c.text.includes("["))
    c.fail("cannot tell where an unregistered schema URN ends; pass it in `extensions`", 0);
  c.pos = c.text.length;
  return { urn: c.text };
}

function checkFilterNames(
  c: FilterCursor,
  filter: ValueFilter,
  spec: AttributeSpec | undefined,
  lenient: boolean,
  at: number,
): void {
  if (lenient || spec?.sub === undefined) return;
  const sub = spec.sub;
  const visit = (f: ValueFilter): void => {
    if (f.kind === "compare" || f.kind === "present") {
      if (sub.some((s) => s.toLowerCase() === f.attribute.toLowerCase())) return;
      const offset = c.text.indexOf(f.attribute, at);
      c.fail(
        `unknown sub-attribute "${f.attribute}" of ${spec.name} in the filter`,
        offset < 0 ? at : offset,
      );
    } else if (f.kind === "not") {
      visit(f.filter);
    } else {
      visit(f.left);
      visit(f.right);
    }
  };
  visit(filter);
}
