import type { CommandContext } from "./context.js";
import { UsageError } from "./errors.js";

/** Reads one line from standard input (a terminal); `undefined` at end of input. */
async function readLine(ctx: CommandContext): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of ctx.io.stdin ?? []) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const end = text.indexOf("\n");
    if (end >= 0) return text.slice(0, end);
  }
  return text === "" ? undefined : text;
}

/**
 * Asks `question` on stderr and reads the answer from a terminal; `--yes` answers for the user. Without a
 * terminal on stdin and without `--yes`, refuses (exit 2): a script must say `--yes` on purpose.
 *
 * @returns Whether the user said yes.
 */
export async function confirm(
  ctx: CommandContext,
  question: string,
  yes: boolean | undefined,
): Promise<boolean> {
  if (yes) return true;
  if (!ctx.io.stdin?.isTTY && ctx.io.env["SLACK_SCIM_FORCE_TTY"] !== "1") {
    throw new UsageError(
      `${question.replace(/\?$/, "")}: needs confirmation`,
      "stdin is not a terminal: rerun with --yes",
    );
  }
  ctx.io.stderr.write(`${question} [y/N] `);
  const answer = (await readLine(ctx))?.trim().toLowerCase();
  return answer === "y" || answer === "yes";
}
