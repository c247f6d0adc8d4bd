import { SCIMFilterError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ValueFilter } from "./grammar.js";
import { parseFilter } from "./grammar.js";
import { filterTree, SCIMFilter } from "./scim-filter.js";

/** What Slack documents as filterable on one version: attributes per resource and the operators. */
export interface SlackFilterProfile {
  /** Filterable attributes per resource (Slack compares names case-insensitively). */
  readonly attributes: Readonly<Record<"User" | "Group", readonly string[]>>;
  /** Comparison operators, lower-case (`pr` included). */
  readonly operators: readonly string[];
  /** Whether `not (…)` is accepted. */
  readonly not: boolean;
}

const slack11: SlackFilterProfile = Object.freeze({
  attributes: Object.freeze({
    User: Object.freeze(["userName", "email", "restricted", "ultra_restricted"]),
    Group: Object.freeze(["displayName"]),
  }),
  operators: Object.freeze(["eq", "co", "sw", "pr", "gt", "ge", "lt", "le"]),
  not: false,
});

/**
 * The filters Slack accepts, per SCIM version. 2.0 is documented as "not applicable", yet `userName eq`
 * works there: 2.0 is given 1.1's set (Slack's SDK live tests filter on `userName` through 2.0).
 */
export const slackFilterProfiles: Readonly<Record<1 | 2, SlackFilterProfile>> = Object.freeze({
  1: slack11,
  2: slack11,
});

/** How a client checks a `filter` argument. @internal */
export interface FilterCheck {
  version: 1 | 2;
  resource: "User" | "Group";
  /** `false`: a refused attribute is a warning, not an error. */
  strict: boolean;
  logger: Logger;
}

/**
 * Checks a filter argument (text or {@link SCIMFilter}) against the grammar and Slack's profile and returns
 * the text to send. Throws {@link SCIMFilterError} before any request.
 *
 * @internal
 */
export function checkFilter(filter: unknown, check: FilterCheck): string | undefined {
  if (filter === undefined) return undefined;
  let text: string;
  let tree: ValueFilter;
  if (filter instanceof SCIMFilter) {
    text = filter.text;
    tree = filterTree(filter);
  } else if (typeof filter === "string") {
    text = filter;
    tree = parseFilter(filter);
  } else {
    throw new TypeError("filter must be a string or a scimFilter value");
  }
  const profile = slackFilterProfiles[check.version];
  const allowed = profile.attributes[check.resource];
  const visit = (node: ValueFilter): void => {
    switch (node.kind) {
      case "and":
      case "or":
        visit(node.left);
        visit(node.right);
        return;
      case "not":
        if (!profile.not) throw new SCIMFilterError(text, 'Slack does not accept "not"');
        visit(node.filter);
        return;
      default: {
        const op = node.kind === "present" ? "pr" : node.operator;
        if (!profile.operators.includes(op)) {
          throw new SCIMFilterError(
            text,
            `Slack does not accept the operator "${op}" (it accepts ${profile.operators.join(", ")})`,
          );
        }
        const name = node.attribute.toLowerCase();
        if (allowed.some((a) => a.toLowerCase() === name)) return;
        const reason = `Slack does not filter ${check.resource.toLowerCase()}s on "${node.attribute}" (it documents ${allowed.join(", ")})`;
        if (check.strict) throw new SCIMFilterError(text, reason, { attribute: node.attribute });
        check.logger.warn(`${reason}; sending the filter anyway (strictFilters: false)`);
      }
    }
  };
  visit(tree);
  return text;
}
