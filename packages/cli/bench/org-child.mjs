// One benchmark org in its own process: an emulator seeded with BENCH_USERS users, its URL sent over IPC.
import { startEmulator } from "slack-scim-emulator";

const server = await startEmulator({
  port: 0,
  seed: { users: Number(process.env.BENCH_USERS), groups: 0, random: 7 },
});
process.send?.({ url: server.v2BaseUrl, token: server.adminToken });
process.on("message", async (message) => {
  if (message === "stop") {
    await server.close();
    process.exit(0);
  }
});
