import type { SyncFieldChange, SyncPlan, SyncReport, SyncStep, SyncSummary } from "slack-scim/sync";
import { formatCount } from "./numbers.js";
import { cleanCell, fitWidths, tableLine } from "./table.js";
import type { Terminal } from "./terminal.js";

const summaryRows: readonly (readonly [keyof SyncSummary, string])[] = [
  ["creates", "users created"],
  ["updates", "users updated"],
  ["reactivations", "users reactivated"],
  ["deactivations", "users deactivated"],
  ["groupCreates", "groups created"],
  ["memberAdds", "members added"],
  ["memberRemoves", "members removed"],
  ["unchanged", "unchanged"],
  ["conflicts", "conflicts (not planned)"],
];

/** The plan's summary as a table: one line per kind of change, with its count. */
export function summaryTable(plan: SyncPlan, terminal: Terminal): string[] {
  const header = ["change", "count"];
  const rows = summaryRows.map(([key, label]) => [label, formatCount(plan.summary[key])]);
  const widths = fitWidths(header, rows, terminal.columns);
  return [
    tableLine(header, widths, (text) => terminal.paint("bold", text)),
    ...rows.map((row) => tableLine(row, widths)),
  ];
}

const shown = (value: unknown): string =>
  value === null || value === undefined ? "(empty)" : cleanCell(JSON.stringify(value));

const fieldText = (change: SyncFieldChange): string =>
  `${change.attribute} ${shown(change.from)} → ${shown(change.to)}`;

const where = (step: { source?: { file: string; line: number } }): string =>
  step.source ? ` (${step.source.file}:${step.source.line})` : "";

/** One line per step, for review: `+ create grace.hopper`, `~ update ada: title "A" → "B"`, … */
export function stepLine(step: SyncStep, terminal: Terminal): string {
  switch (step.kind) {
    case "createUser":
      return `${terminal.paint("green", "+ create")} ${step.userName}${where(step)}`;
    case "updateUser":
    case "reactivateUser": {
      const verb = step.kind === "reactivateUser" ? "reactivate" : "update";
      const fields = step.changes.map(fieldText).join("; ");
      return `${terminal.paint("yellow", `~ ${verb}`)} ${step.user.userName}${fields ? `: ${fields}` : ""}${where(step)}`;
    }
    case "deactivateUser": {
      const why = step.reason === "missing" ? "not in the file" : "active false in the file";
      return `${terminal.paint("red", "- deactivate")} ${step.user.userName} (${step.user.id}; ${why})${where(step)}`;
    }
    case "createGroup":
      return `${terminal.paint("green", "+ create group")} ${step.displayName}`;
    case "addMembers":
      return `${terminal.paint("green", "+ add to")} ${step.displayName}: ${step.members.map((m) => m.userName).join(", ")}`;
    case "removeMembers":
      return `${terminal.paint("red", "- remove from")} ${step.displayName}: ${step.members.map((m) => m.userName).join(", ")}`;
  }
}

/** The plan for people: its org and age, the summary table, then (on a terminal) every change and conflict. */
export function planText(plan: SyncPlan, terminal: Terminal, detailed: boolean): string[] {
  const lines = [
    `plan ${plan.id.slice(0, 12)} for ${plan.baseUrl}, made ${plan.createdAt} (${formatCount(plan.org.activeUsers)} active users)`,
    "",
    ...summaryTable(plan, terminal),
  ];
  if (detailed && plan.steps.length > 0) {
    lines.push("", terminal.paint("bold", "changes:"), ...plan.steps.map((step) => stepLine(step, terminal)));
  }
  if (plan.conflicts.length > 0) {
    lines.push("", terminal.paint("bold", "conflicts (not planned):"));
    for (const c of plan.conflicts) lines.push(`! ${c.name}${where(c)}: ${cleanCell(c.reason)}`);
  }
  return lines;
}

/** The end of `sync apply`: totals, then every step that failed or was skipped, and why. */
export function reportText(report: SyncReport, terminal: Terminal): string[] {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const resumed = report.resumed > 0 ? ` (${formatCount(report.resumed)} from an earlier run)` : "";
  const lines = [
    `${formatCount(report.done)} of ${formatCount(report.total)} steps done${resumed}, ${formatCount(report.failed)} failed, ${formatCount(report.skipped)} skipped, in ${seconds} s`,
  ];
  for (const step of report.steps) {
    if (step.status === "failed") {
      const code = step.error?.errorCode ? ` [${step.error.errorCode}]` : "";
      lines.push(
        `${terminal.paint("red", "failed")} ${step.step}: ${step.error?.message ?? "unknown error"}${code}`,
      );
    } else if (step.status === "skipped") {
      lines.push(
        `${terminal.paint("yellow", "skipped")} ${step.step}: ${step.reason ?? ""}${step.note ? ` (${step.note})` : ""}`,
      );
    }
  }
  return lines;
}
