// Preloaded into a measured process: writes its peak RSS (bytes) to BENCH_RSS_FILE when it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
