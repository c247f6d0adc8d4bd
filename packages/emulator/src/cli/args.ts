import { parseArgs } from "node:util";
import type { Fault } from "../faults/fault.js";
import type { ListenOptions } from "../node.js";
import type { EmulatorOptions } from "../options.js";
import { parseFaultSpec, UsageError } from "./fault-spec.js";

/** What the command line asks for. */
export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; options: EmulatorOptions & ListenOptions };

function integer(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 0 || n > max) {
    throw new UsageError(
      max === Number.MAX_SAFE_INTEGER
        ? `--${name} must be a non-negative integer, not "${value}"`
        : `--${name} must be an integer from 0 to ${max}, not "${value}"`,
    );
  }
  return n;
}

function choice<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} must be ${allowed.join(" or ")}, not "${value}"`);
  return value as T;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        file: { type: "string" },
        "seed-users": { type: "string" },
        "seed-groups": { type: "string" },
        seed: { type: "string" },
        "rate-limits": { type: "string" },
        token: { type: "string" },
        latency: { type: "string" },
        fault: { type: "string", multiple: true },
        "lock-window": { type: "string" },
        "deactivation-delay": { type: "string" },
        "photo-delay": { type: "string" },
        "strict-content-type": { type: "boolean" },
        "v2-error-style": { type: "string" },
        "rate-limit-error-body": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown)
      throw new UsageError(`unknown option ${unknown[1]}`);
    const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(message);
    if (ambiguous)
      throw new UsageError(
        `${ambiguous[1]} needs a value (write ${ambiguous[1]}=-… for one starting with -)`,
      );
    // Node's messages run on with advice for other programs: the first sentence says it.
    throw new UsageError(message.split(/\n|\. /)[0]?.replace(/\.$/, "") ?? message);
  }
}

/** The faults `--fault` and `--latency` ask for: every fault gets the latency, and so does every other request. */
function faultsFrom(specs: readonly string[], latency: number | undefined): Fault[] | undefined {
  const faults = specs.map(parseFaultSpec);
  if (latency === undefined || latency === 0) return faults.length > 0 ? faults : undefined;
  return [
    ...faults.map((fault) => ({ latencyMs: latency, ...fault })),
    { latencyMs: latency, times: Infinity },
  ];
}

/** Reads the command line; throws {@link UsageError} (exit code 2) for anything it cannot use. */
export function parseCommand(argv: readonly string[]): Command {
  const { values } = parse(argv);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const options: EmulatorOptions & ListenOptions = { port: integer(values.port, "port", 65_535) ?? 8787 };
  if (values.host !== undefined) options.host = values.host;
  if (values.file !== undefined) options.storage = { file: values.file };
  const users = integer(values["seed-users"], "seed-users");
  const groups = integer(values["seed-groups"], "seed-groups");
  const random = integer(values.seed, "seed");
  if (users !== undefined || groups !== undefined) {
    options.seed = { users: users ?? 0, groups: groups ?? 0, random: random ?? 1 };
  }
  options.rateLimits = choice(values["rate-limits"], "rate-limits", ["slack", "off"] as const) ?? "off";
  if (values.token !== undefined) {
    if (values.token.trim() === "") throw new UsageError("--token must not be empty");
    options.token = values.token;
  }
  const faults = faultsFrom(values.fault ?? [], integer(values.latency, "latency"));
  if (faults) options.faults = faults;
  const lock = integer(values["lock-window"], "lock-window");
  if (lock !== undefined) options.lockWindowMs = lock;
  const delay = integer(values["deactivation-delay"], "deactivation-delay");
  if (delay !== undefined) options.deactivationDelayMs = delay;
  const photoDelay = integer(values["photo-delay"], "photo-delay");
  if (photoDelay !== undefined) options.photoDelayMs = photoDelay;
  if (values["strict-content-type"]) options.strictContentType = true;
  const style = choice(values["v2-error-style"], "v2-error-style", ["mixed", "rfc", "legacy"] as const);
  if (style !== undefined) options.v2ErrorStyle = style;
  const body = choice(values["rate-limit-error-body"], "rate-limit-error-body", [
    "legacy",
    "version",
  ] as const);
  if (body !== undefined) options.rateLimitErrorBody = body;
  return { kind: "run", options };
}
