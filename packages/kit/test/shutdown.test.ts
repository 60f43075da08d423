import { request as httpRequest, Agent } from "node:http";
import { createShutdown, httpServerSteps, startHttpServer } from "../src";
import { buildApp, captureLogger } from "./helpers";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("graceful shutdown", () => {
  test("runs the steps once, in order, then exits 0", async () => {
    const { logger } = captureLogger();
    const exit = jest.fn();
    const order: string[] = [];
    const shutdown = createShutdown({ logger, timeoutMs: 1000, exit });
    for (const name of [
      "stop accepting",
      "drain",
      "stop consumers",
      "flush outbox",
      "close pools",
    ]) {
      shutdown.register(name, async () => {
        await sleep(5);
        order.push(name);
      });
    }

    const [first, second] = await Promise.all([shutdown.run("SIGTERM"), shutdown.run("SIGINT")]);

    expect(order).toEqual([
      "stop accepting",
      "drain",
      "stop consumers",
      "flush outbox",
      "close pools",
    ]);
    expect([first, second]).toEqual([0, 0]);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });

  test("a failing step does not stop the later ones, and the exit code is 1", async () => {
    const { logger, lines } = captureLogger();
    const exit = jest.fn();
    const order: string[] = [];
    const shutdown = createShutdown({ logger, timeoutMs: 1000, exit })
      .register("stop consumers", () => {
        throw new Error("consumer stuck");
      })
      .register("close pools", () => {
        order.push("close pools");
      });

    expect(await shutdown.run("test")).toBe(1);
    expect(order).toEqual(["close pools"]);
    expect(exit).toHaveBeenCalledWith(1);
    expect(
      lines.find((l) => l.step === "stop consumers" && l.message === "shutdown step"),
    ).toMatchObject({
      result: "failed",
    });
  });

  test("a hanging step is cut at its own bound and the whole run at the total bound", async () => {
    const { logger, lines } = captureLogger();
    const exit = jest.fn();
    const onTimeout = jest.fn();
    const ran: string[] = [];
    const shutdown = createShutdown({ logger, timeoutMs: 300, exit })
      .register("drain", () => new Promise<void>(() => undefined), { timeoutMs: 100, onTimeout })
      .register("stop consumers", () => new Promise<void>(() => undefined))
      .register("close pools", () => {
        ran.push("close pools");
      });

    const started = Date.now();
    const code = await shutdown.run("test");
    const elapsed = Date.now() - started;

    expect(code).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(800);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    // The total budget was spent by the hung steps; the last one is skipped, not run late.
    expect(ran).toEqual([]);
    const results = Object.fromEntries(
      lines.filter((l) => l.message === "shutdown step").map((l) => [l.step, l.result]),
    );
    expect(results).toEqual({
      drain: "timeout",
      "stop consumers": "timeout",
      "close pools": "skipped",
    });
  });

  test("SIGTERM starts the shutdown; a second signal does not restart it", async () => {
    const { logger } = captureLogger();
    const exit = jest.fn();
    const step = jest.fn(() => sleep(20));
    const shutdown = createShutdown({ logger, timeoutMs: 1000, exit }).register(
      "close pools",
      step,
    );
    const stopListening = shutdown.listen(["SIGTERM"]);
    try {
      process.emit("SIGTERM", "SIGTERM");
      process.emit("SIGTERM", "SIGTERM");
      expect(shutdown.isShuttingDown()).toBe(true);
      await expect(shutdown.readinessCheck.check()).rejects.toThrow("shutting down");
      await shutdown.run("again");
    } finally {
      stopListening();
    }
    expect(step).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });
});

describe("HTTP server steps", () => {
  const get = (port: number, path: string, agent?: Agent) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on("error", reject);
      req.end();
    });

  test("in-flight requests finish, idle keep-alive sockets close, new connections are refused", async () => {
    const { app } = buildApp((a) => {
      a.get("/slow", async (_req, res) => {
        await sleep(200);
        res.json({ done: true });
      });
    });
    const { server, port } = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
    const agent = new Agent({ keepAlive: true });
    try {
      // An idle keep-alive connection that would otherwise hold `server.close()` for 65 s.
      expect((await get(port, "/healthz", agent)).status).toBe(200);
      const inFlight = get(port, "/slow", agent);
      await sleep(50);

      const steps = httpServerSteps(server);
      const { logger } = captureLogger();
      const exit = jest.fn();
      const started = Date.now();
      const shutdown = createShutdown({ logger, timeoutMs: 3000, exit })
        .register("stop accepting", steps.stopAccepting)
        .register("drain", steps.drain, { onTimeout: steps.forceClose });
      const code = await shutdown.run("test");

      expect(code).toBe(0);
      expect(await inFlight).toEqual({ status: 200, body: '{"done":true}' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(server.listening).toBe(false);
      await expect(get(port, "/healthz")).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      agent.destroy();
      server.closeAllConnections();
    }
  });

  test("startHttpServer rejects when the port is taken", async () => {
    const { app } = buildApp(() => undefined);
    const first = await startHttpServer(app, { port: 0, host: "127.0.0.1" });
    try {
      await expect(startHttpServer(app, { port: first.port, host: "127.0.0.1" })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      first.server.close();
    }
  });
});
