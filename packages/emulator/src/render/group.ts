import type { GroupRecord } from "../store/records.js";
import type { SCIMVersion } from "../version.js";
import { memberDisplay, type RenderContext } from "./user.js";

/** Renders a group in the version's key order (1.1: members before meta; 2.0: meta after id). */
export function renderGroup(
  g: GroupRecord,
  version: SCIMVersion,
  ctx: RenderContext,
): Record<string, unknown> {
  const members = g.members.map((id) => {
    const user = ctx.store.getUser(id);
    return { value: id, display: user ? memberDisplay(user) : "" };
  });
  const meta = { created: g.created, location: `${ctx.base}/Groups/${g.id}` };
  if (version.n === 1) {
    return { schemas: [version.group], id: g.id, displayName: g.displayName, members, meta };
  }
  return { schemas: [version.group], id: g.id, meta, displayName: g.displayName, members };
}
