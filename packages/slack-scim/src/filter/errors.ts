/**
 * A filter that breaks the SCIM grammar, or uses an attribute or operator Slack does not accept: thrown before
 * any request is sent.
 */
export class SCIMFilterError extends TypeError {
  /** The filter text as it would have been sent. */
  readonly filter: string;
  /** 0-based offset into `filter` where the problem starts, when it has one place. */
  readonly position: number | undefined;
  /** The attribute refused by Slack's attribute check, when that is the problem. */
  readonly attribute: string | undefined;

  constructor(filter: string, reason: string, where: { position?: number; attribute?: string } = {}) {
    const at = where.position === undefined ? "" : ` at position ${where.position}`;
    const caret = where.position === undefined ? "" : `\n  ${filter}\n  ${" ".repeat(where.position)}^`;
    super(`Invalid SCIM filter ${JSON.stringify(filter)}${at}: ${reason}${caret}`);
    this.name = "SCIMFilterError";
    this.filter = filter;
    this.position = where.position;
    this.attribute = where.attribute;
  }
}
