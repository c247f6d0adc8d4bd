import { EmulatorHTTPError } from "../errors.js";
import type { FilterNode } from "../filter/grammar.js";
import { filterText } from "../filter/grammar.js";
import { checkValueFilter, compareValues, matchFilter } from "../filter/match.js";

/** One of the two stored values of a slotted attribute (emails, phone numbers), as a value filter sees it. */
export interface Slot<K extends string> {
  /** The slot's name. */
  key: K;
  /** The stored value; `null` when the slot is empty. */
  value: string | null;
  /** Whether this is the slot `primary: true` targets. */
  primary: boolean;
  /** Whether this is the slot a request's `type: "work"` targets. */
  work: boolean;
}

const slotAttributes = new Set(["value", "type", "primary"]);

/**
 * The slots a value filter selects, with RFC 7644's operators. Slack stores no `type`: a request's
 * `type: "work"` targets one slot and any other type the other slot. So the work slot's type is `"work"`, and the
 * other slot has whichever type a comparison names, unless it names work. A filter on another attribute is
 * 400 `invalid_request_payload`.
 */
export function selectSlots<K extends string>(
  slots: readonly Slot<K>[],
  filter: FilterNode,
  valueCaseExact: boolean,
): K[] {
  const checked = checkValueFilter(filter, slotAttributes);
  return slots
    .filter((slot) =>
      matchFilter(checked, (attr, op, expected) => {
        if (attr === "value") return compareValues(op, slot.value, expected, valueCaseExact);
        if (attr === "primary") return compareValues(op, slot.primary, expected);
        const named = typeof expected === "string" && expected.toLowerCase() !== "work";
        const type = slot.work ? "work" : named ? (expected as string) : "other";
        return compareValues(op, type, expected);
      }),
    )
    .map((slot) => slot.key);
}

/**
 * RFC 7644 section 3.5.2: a `replace` whose value filter matches no value fails with `noTarget`; Slack has no such
 * code, so it is 400 `invalid_request_payload` naming it. (A `remove` that matches nothing is a no-op: IdPs retry
 * removes.)
 */
export function noTarget(attr: string, filter: FilterNode): EmulatorHTTPError {
  return new EmulatorHTTPError(400, "invalid_request_payload", {
    message: `invalid_request_payload (noTarget: no ${attr} value matches [${filterText(filter)}])`,
  });
}
