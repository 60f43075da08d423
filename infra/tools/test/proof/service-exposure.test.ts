// Finding 4 of the security review: local services listened on every interface, so
// http://<host address>:4001 answered past the gateway, and they believed X-Forwarded-For from
// anyone, so a caller could pick the client address the per-address throttles key on.
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { startServices, type RunningServices } from "@turnout/test-kit";

jest.setTimeout(240_000);

/** An address of this machine that is not loopback (IPv4 first), if it has one. */
function hostAddress(): string | undefined {
  const entries = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const usable = entries.filter((e) => !e.internal && !e.address.startsWith("fe80:"));
  return (usable.find((e) => e.family === "IPv4") ?? usable[0])?.address;
}

const canConnect = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });

const host = hostAddress();
const urlHost = host?.includes(":") ? `[${host}]` : host;
if (!host) {
  console.warn(
    "service-exposure: this machine has no non-loopback network address, so there is no other " +
      "interface to reach a service on; both tests are skipped",
  );
}
const withHostAddress = host ? test : test.skip;

const started: RunningServices[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

withHostAddress(
  "a service started as the local runner starts it answers on loopback only",
  async () => {
    // The local runner's environment (serviceEnvironment), the runner's process start.
    const services = await startServices(["auth-service"]);
    started.push(services);
    const port = Number(new URL(services.urls["auth-service"] ?? "").port);
    expect(await canConnect("127.0.0.1", port)).toBe(true);
    // Not /readyz, not /metrics, not /internal/token: nothing past the gateway.
    expect(await canConnect(host ?? "", port)).toBe(false);
  },
);

withHostAddress(
  "X-Forwarded-For from a peer that is not the gateway does not move the client address",
  async () => {
    // Bound as a container binds it (every interface), with the default trust: loopback only.
    const services = await startServices(["auth-service"], {
      env: { "auth-service": { LISTEN_HOST: "0.0.0.0", PASSWORD_RESET_MAX_PER_ADDRESS: "3" } },
    });
    started.push(services);
    const port = Number(new URL(services.urls["auth-service"] ?? "").port);
    const resetFrom = async (base: string, forged: string): Promise<number> => {
      const res = await fetch(`${base}/api/v1/auth/password-reset-request`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": forged },
        body: JSON.stringify({ email: `exposure.${randomUUID().slice(0, 8)}@example.test` }),
      });
      await res.arrayBuffer();
      return res.status;
    };
    let next = Math.floor(Math.random() * 200);
    const forged = () => `198.51.100.${(next++ % 250) + 1}`;

    // From this machine's own non-loopback address, an untrusted peer: every request counts
    // against that address however the header varies, so the fourth one is throttled.
    const direct: number[] = [];
    for (let i = 0; i < 5; i++) direct.push(await resetFrom(`http://${urlHost}:${port}`, forged()));
    expect(direct.slice(0, 3)).toEqual([202, 202, 202]);
    expect(direct.slice(3)).toEqual([429, 429]);

    // From loopback (where the local gateway sits) the header is believed: each request is
    // counted against the address it names, as the gateway's requests are.
    const viaTrusted: number[] = [];
    for (let i = 0; i < 5; i++)
      viaTrusted.push(await resetFrom(`http://127.0.0.1:${port}`, forged()));
    expect(viaTrusted).toEqual([202, 202, 202, 202, 202]);
  },
);
