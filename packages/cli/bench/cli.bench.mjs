// `npm run bench` in packages/cli (after the workspace build): the export against the client's own walk, the
// export's peak RSS at 100,000 against 10,000 users, and `slack-scim --version`. Prints the ratios.
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const bin = here("../bin/slack-scim.js");
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const scratch = mkdtempSync(join(tmpdir(), "slack-scim-cli-bench-"));

async function startOrg(users) {
  const child = fork(here("org-child.mjs"), { env: { ...process.env, BENCH_USERS: String(users) } });
  const [org] = await once(child, "message");
  const stop = async () => {
    child.send("stop");
    await once(child, "exit");
  };
  return { ...org, stop };
}

/** Runs `node args` with stdout to /dev/null; resolves with wall ms and peak RSS bytes. */
async function measure(args, env) {
  const rssFile = join(scratch, `rss-${Math.random()}`);
  const devNull = openSync("/dev/null", "w");
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", here("rss.mjs"), ...args], {
    stdio: ["ignore", devNull, "inherit"],
    env: { PATH: process.env.PATH, BENCH_RSS_FILE: rssFile, ...env },
  });
  const [code] = await once(child, "exit");
  const wall = performance.now() - started;
  closeSync(devNull);
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}`);
  return { wall, rss: Number(readFileSync(rssFile, "utf8")) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const check = (ok) => (ok ? "ok" : "OVER TARGET");

const envOf = (org) => ({ SLACK_SCIM_TOKEN: org.token, SLACK_SCIM_BASE_URL: org.url });
const exportArgs = [bin, "export", "users", "--format", "ndjson", "--quiet"];

const big = await startOrg(100_000);
const small = await startOrg(10_000);
try {
  // Warm the emulators' pages once.
  await measure(exportArgs, envOf(big));
  await measure(exportArgs, envOf(small));

  // Paired rounds, alternating which runs first: on a shared machine the load drifts, and a ratio taken within
  // one round compares the two under the same load.
  const cli = [];
  const walk = [];
  const ratios = [];
  const rssBig = [];
  const rssSmall = [];
  for (let round = 0; round < rounds; round += 1) {
    const walkFirst = round % 2 === 0;
    const first = walkFirst
      ? await measure([here("walk-child.mjs")], envOf(big))
      : await measure(exportArgs, envOf(big));
    const second = walkFirst
      ? await measure(exportArgs, envOf(big))
      : await measure([here("walk-child.mjs")], envOf(big));
    const [w, c] = walkFirst ? [first, second] : [second, first];
    walk.push(w.wall);
    cli.push(c.wall);
    ratios.push(c.wall / w.wall);
    rssBig.push(c.rss);
    rssSmall.push((await measure(exportArgs, envOf(small))).rss);
  }
  const ratio = median(ratios);
  const rssRatio = median(rssBig) / median(rssSmall);

  // `node -e 0` alongside: on a busy machine both grow, and the difference is the command's own start-up.
  const versions = [];
  const bare = [];
  for (let i = 0; i < 21; i += 1) {
    for (const [args, times] of [
      [[bin, "--version"], versions],
      [["-e", "0"], bare],
    ]) {
      const started = performance.now();
      const child = spawn(process.execPath, args, { stdio: "ignore" });
      await once(child, "exit");
      times.push(performance.now() - started);
    }
  }
  const version = median(versions);

  const load = loadavg()[0].toFixed(1);
  console.log(
    `slack-scim-cli benchmarks (${rounds} paired rounds, medians; Node ${process.version}; load average ${load} on ${availableParallelism()} cores)`,
  );
  console.log(
    `export users --format ndjson, 100,000 users: ${median(cli).toFixed(0)} ms; iterateUsers walk: ${median(walk).toFixed(0)} ms; ratio (median of paired ratios) ${ratio.toFixed(3)} (target <= 1.25) ${check(ratio <= 1.25)}`,
  );
  console.log(
    `export peak RSS: 100,000 users ${mb(median(rssBig))}; 10,000 users ${mb(median(rssSmall))}; ratio ${rssRatio.toFixed(3)} (target <= 1.2) ${check(rssRatio <= 1.2)}`,
  );
  console.log(
    `slack-scim --version: ${version.toFixed(0)} ms wall, median of 21 (target <= 150 ms) ${check(version <= 150)}; node -e 0: ${median(bare).toFixed(0)} ms`,
  );
} finally {
  await big.stop();
  await small.stop();
  rmSync(scratch, { recursive: true, force: true });
}
