import { Command, Help } from "@commander-js/extra-typings";
import type { CommandResult, RegisteredCommand } from "./command.js";
import type { CommandContext } from "./context.js";
import { addGlobalOptions, globalValuesOf, resolveSettings } from "./global-options.js";
import type { CliIO } from "./io.js";
import { terminalOf } from "./output/terminal.js";
import type { Redactor } from "./redact.js";
import { cliVersion } from "./version.js";

type AnyCommand = Command<unknown[], Record<string, unknown>>;

/** The parts of a command line tree: a group (`users`) or a command; a word can be both (`sync`). */
interface Node {
  command: AnyCommand;
  path: string;
  spec?: RegisteredCommand;
}

const program_description = `Slack users and groups from a shell, over Slack's SCIM API (1.1 and 2.0).

The token comes from SLACK_SCIM_TOKEN (or SLACK_ORG_ADMIN_USER_TOKEN, or --token-file FILE): an org admin user
token (xoxp-…) with the admin scope. It is never printed.`;

function examplesText(examples: readonly string[]): string {
  return examples.length === 0 ? "" : `\nExamples:\n${examples.map((line) => `  $ ${line}`).join("\n")}\n`;
}

/**
 * Builds the `slack-scim` program from the registry: one commander command per spec, the global options on
 * the program and on every API command, help generated from the specs (summaries, arguments, examples).
 * `onResult` receives the exit code of the command that ran.
 */
export function buildProgram(
  io: CliIO,
  redactor: Redactor,
  specs: readonly RegisteredCommand[],
  groups: Readonly<Record<string, string>>,
  onResult: (code: number) => void,
  color = true,
): AnyCommand {
  const errTerminal = terminalOf(io.stderr, { env: io.env, color });
  const outTerminal = terminalOf(io.stdout, { env: io.env, color: true });
  const leaves = new Set<AnyCommand>();
  const paths = new WeakMap<AnyCommand, string>();
  const program = new Command("slack-scim") as unknown as AnyCommand;
  program
    .description(program_description)
    .version(cliVersion, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help (every command has its own, with examples)")
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(redactor.apply(text)),
      writeErr: (text) => void io.stderr.write(redactor.apply(text)),
      outputError: (text, write) => write(errTerminal.paint("red", text)),
      getOutHelpWidth: () => outTerminal.columns,
      getErrHelpWidth: () => errTerminal.columns,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp({
      // Every command under this one, in registry order, by its full name: `users list <…>`.
      visibleCommands: (cmd) => {
        const below = [...leaves].filter((leaf) => isBelow(leaf, cmd as AnyCommand));
        const help = new Help().visibleCommands(cmd).filter((c) => c.name() === "help");
        return [...below, ...help];
      },
      subcommandTerm: (cmd) => {
        const args = cmd.registeredArguments
          .map((arg) => {
            const name = `${arg.name()}${arg.variadic ? "…" : ""}`;
            return arg.required ? `<${name}>` : `[${name}]`;
          })
          .join(" ");
        const name = paths.get(cmd as AnyCommand) ?? cmd.name();
        return args ? `${name} ${args}` : name;
      },
    });
  addGlobalOptions(program);
  for (const option of program.options) option.helpGroup("Global options:");
  program.addHelpText("after", examplesText(["slack-scim whoami", "slack-scim users list --limit 5"]));

  const nodes = new Map<string, Node>([["", { command: program, path: "" }]]);
  const nodeOf = (words: readonly string[]): Node => {
    const key = words.join(" ");
    const existing = nodes.get(key);
    if (existing) return existing;
    const parent = nodeOf(words.slice(0, -1));
    const command = parent.command.command(words.at(-1) as string) as AnyCommand;
    command.helpOption("-h, --help", "show help");
    const summary = groups[key];
    if (summary) command.summary(summary).description(summary);
    paths.set(command, key);
    const node = { command, path: key };
    nodes.set(key, node);
    return node;
  };

  for (const spec of specs) {
    const node = nodeOf(spec.path);
    node.spec = spec;
    const command = node.command;
    leaves.add(command);
    command
      .summary(spec.summary)
      .description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary);
    spec.configure(command as unknown as Parameters<RegisteredCommand["configure"]>[0]);
    if (spec.globalOptions !== false) {
      addGlobalOptions(command);
      for (const option of command.options.slice(-9)) option.helpGroup("Global options:");
    }
    command.addHelpText("after", examplesText(spec.examples));
    command.action(async (...all: unknown[]) => {
      onResult(await runSpec(io, redactor, spec, node.path, command, all));
    });
  }
  for (const [key, node] of nodes) {
    if (key === "" || node.spec) continue;
    const examples = specs
      .filter((s) => s.path.join(" ").startsWith(`${key} `))
      .flatMap((s) => s.examples.slice(0, 1));
    node.command.addHelpText("after", examplesText(examples.slice(0, 3)));
  }
  return program;
}

function isBelow(leaf: AnyCommand, ancestor: AnyCommand): boolean {
  for (let c = leaf.parent; c; c = c.parent) if (c === ancestor) return true;
  return false;
}

async function runSpec(
  io: CliIO,
  redactor: Redactor,
  spec: RegisteredCommand,
  path: string,
  command: AnyCommand,
  all: unknown[],
): Promise<number> {
  // Commander passes the arguments, then the options, then the command.
  const args = all.slice(0, -2);
  const options = (all.at(-2) ?? {}) as Record<string, unknown>;
  if (spec.rawRun) return spec.rawRun(io, (args[0] as string[] | undefined) ?? []);
  const raw = spec.globalOptions === false ? {} : globalValuesOf(command);
  const errTerminal = terminalOf(io.stderr, { env: io.env, color: raw.color !== false });
  const early: string[] = [];
  let ctx: CommandContext | undefined;
  let code: CommandResult;
  // Loaded here, not at the top: `--version` and `--help` never need them.
  const [{ CommandContext }, { describeError }] = await Promise.all([
    import("./context.js"),
    import("./report.js"),
  ]);
  try {
    const settings = resolveSettings(raw, spec.globalOptions === false ? {} : io.env, (m) => early.push(m));
    ctx = new CommandContext(io, settings, redactor);
    for (const message of early) ctx.warn(message);
    code = await spec.run?.(ctx, args, options);
  } catch (error) {
    const report = describeError(error, errTerminal, path);
    if (ctx) for (const line of report.lines) ctx.writeErr(line);
    else for (const line of report.lines) io.stderr.write(redactor.apply(`${line}\n`));
    code = report.exitCode;
  } finally {
    await ctx?.close();
  }
  if (ctx?.stopReason === "closed-pipe") return 0;
  return code ?? 0;
}
