import { createServer as createHttpsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { SCIMRequestError } from "../src/index.js";
import { v1Client } from "./helpers/clients.js";
import { cert, key, setEnv, startProxy } from "./helpers/proxy.js";
import { json, sampleUser } from "./helpers/server.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTPS server with the fixture certificate; records the CN of each client certificate it was shown. */
async function startHttps(options: { requireClientCert?: boolean } = {}) {
  const clients: string[] = [];
  const https = createHttpsServer(
    {
      cert,
      key,
      ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: cert } : {}),
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      clients.push(String(peer.subject?.CN ?? ""));
      json(res, 200, sampleUser());
    },
  );
  await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  );
  const host = `127.0.0.1:${(https.address() as { port: number }).port}`;
  return { base: `https://${host}/scim/v1/`, host, clients };
}

async function proxy() {
  const started = await startProxy();
  cleanups.push(started.close);
  return started;
}

describe("TLS through a proxy", () => {
  it("tunnels to an HTTPS server through the proxy option, verifying it with tls.ca", async () => {
    const https = await startHttps();
    const { url, seen } = await proxy();
    const res = await v1Client(https.base, { proxy: url, tls: { ca: cert } }).readUser("W1");
    expect(res.user.id).toBe("W0123ABCDEF");
    expect(seen).toEqual([`CONNECT ${https.host}`]);
  });

  it("still verifies the server behind the proxy option without tls.ca", async () => {
    const https = await startHttps();
    const { url } = await proxy();
    const error = await v1Client(https.base, { proxy: url })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    // A certificate failure proves nothing was sent: such a request may be retried, even a POST.
    expect((error as SCIMRequestError).mayHaveReachedServer).toBe(false);
  });

  it("tunnels through HTTPS_PROXY from the environment with the tls options", async () => {
    const https = await startHttps();
    const { url, seen } = await proxy();
    cleanups.push(
      setEnv({
        HTTPS_PROXY: url,
        https_proxy: undefined,
        HTTP_PROXY: undefined,
        http_proxy: undefined,
        NO_PROXY: undefined,
        no_proxy: undefined,
      }),
    );
    const res = await v1Client(https.base, { tls: { ca: cert } }).readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual([`CONNECT ${https.host}`]);
  });
});

describe("mutual TLS", () => {
  it("presents the client certificate given in tls.cert and tls.key", async () => {
    const https = await startHttps({ requireClientCert: true });
    const res = await v1Client(https.base, { tls: { ca: cert, cert, key } }).readUser("W1");
    expect(res.statusCode).toBe(200);
    expect(https.clients).toEqual(["slack-scim test"]);
  });

  it("is refused by a server that requires a client certificate when none is given", async () => {
    const https = await startHttps({ requireClientCert: true });
    const error = await v1Client(https.base, { tls: { ca: cert } })
      .readUser("W1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SCIMRequestError);
    expect(https.clients).toEqual([]);
  });
});
