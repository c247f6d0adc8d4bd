/**
 * The rate-limit benchmarks' emulator, in its own process so it does not share the client's event loop:
 * `node emulator-server.js <scale> <users> <groups>` serves Slack's limits × scale over an org seeded with that
 * many users and groups, and sends its base URL, token and the seeded ids to the parent.
 */
import { startEmulator } from "slack-scim-emulator";

const [scale, users, groups] = process.argv.slice(2).map(Number);
const emulator = await startEmulator({
  port: 0,
  rateLimits: { scale: scale ?? 1 },
  seed: { users: users ?? 0, groups: groups ?? 0 },
});
process.send?.({
  v2BaseUrl: emulator.v2BaseUrl,
  token: emulator.adminToken,
  users: [...emulator.store.users()].map((u) => u.id),
  groups: [...emulator.store.groups()].map((g) => g.id),
});
process.on("disconnect", () => {
  void emulator.close().then(() => process.exit(0));
});
