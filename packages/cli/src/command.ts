import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { CommandContext } from "./context.js";
import type { CliIO } from "./io.js";

/** What a command's `run` returns: an exit code, or nothing for 0. */
export type CommandResult = number | undefined;

/** No options (yet): commander's type for a command before options are added. */
export type NoOptions = Record<never, never>;

/** A fresh commander command, before the spec adds its arguments and options. */
export type BareCommand = Command<[], NoOptions, NoOptions>;

/**
 * One command of `slack-scim`: a file in `commands/` exports one (made with {@link defineCommand}) and
 * `registry.ts` lists it. Help, usage errors and the global options come from this description.
 */
export interface CommandSpec<Args extends unknown[], Opts extends OptionValues> {
  /** The words after `slack-scim`: `["users", "list"]`. */
  readonly path: readonly [string, ...string[]];
  /** One line for `slack-scim --help`. */
  readonly summary: string;
  /** More text for the command's own `--help`, after the summary. */
  readonly description?: string;
  /** Command lines shown under "Examples" in `--help`; each runs in the test suite. */
  readonly examples: readonly string[];
  /**
   * `false` for commands that call no API (`demo`): they take no global options, and their context has the
   * defaults (the environment's base URL and token are not read).
   * @defaultValue true
   */
  readonly globalOptions?: boolean;
  /** Adds the command's arguments and options; the types of `run`'s parameters follow from it. */
  configure(command: BareCommand): Command<Args, Opts, NoOptions>;
  /** Does the work. Throwing a `UsageError` exits 2; an API error exits 1 with Slack's code and a remedy. */
  run(ctx: CommandContext, args: Args, options: Opts): Promise<CommandResult>;
}

/** A command with its types erased, as the registry holds it. */
export interface RegisteredCommand {
  /** See {@link CommandSpec.path}. */
  readonly path: readonly [string, ...string[]];
  /** See {@link CommandSpec.summary}. */
  readonly summary: string;
  /** See {@link CommandSpec.description}. */
  readonly description?: string;
  /** See {@link CommandSpec.examples}. */
  readonly examples: readonly string[];
  /** See {@link CommandSpec.globalOptions}. */
  readonly globalOptions?: boolean;
  /** See {@link CommandSpec.configure}. */
  configure(command: BareCommand): Command<unknown[], OptionValues, NoOptions>;
  /** Runs with the context (every command but the pass-through ones). */
  run?(ctx: CommandContext, args: unknown[], options: OptionValues): Promise<CommandResult>;
  /** Runs a pass-through command with the raw IO and the words after its name, unparsed. */
  rawRun?(io: CliIO, argv: readonly string[]): Promise<number>;
}

/**
 * Declares a command; the argument and option types of `run` are inferred from `configure`.
 *
 * @example
 * ```ts
 * export const usersGet = defineCommand({
 *   path: ["users", "get"],
 *   summary: "show one user",
 *   examples: ["slack-scim users get ada@example.com"],
 *   configure: (command) => command.argument("<ref>", "id, userName or email"),
 *   run: async (ctx, [ref]) => { ... },
 * });
 * ```
 */
export function defineCommand<Args extends unknown[], Opts extends OptionValues>(
  spec: CommandSpec<Args, Opts>,
): RegisteredCommand {
  return spec as unknown as RegisteredCommand;
}

/**
 * Declares a command that takes its own flags and no global options (`emulator`): `run` receives the raw IO
 * and every word after the command name, unparsed.
 */
export function definePassThroughCommand(spec: {
  path: readonly [string, ...string[]];
  summary: string;
  description?: string;
  examples: readonly string[];
  run(io: CliIO, argv: readonly string[]): Promise<number>;
}): RegisteredCommand {
  const { run, ...described } = spec;
  return {
    ...described,
    globalOptions: false,
    configure: (command) =>
      command
        .argument("[flags...]")
        .allowUnknownOption()
        .helpOption(false)
        .passThroughOptions() as unknown as Command<unknown[], OptionValues, NoOptions>,
    rawRun: run,
  };
}
