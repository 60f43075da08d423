import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort } from "../util/free-port";
import { repoRoot } from "@turnout/provisioning";
import { findNginx } from "./find-nginx";
import {
  GATEWAY_AREAS,
  defaultUpstreams,
  limitValues,
  upstreamPlaceholder,
} from "./gateway-values";
import type { GatewayArea, GatewayLimits, GatewayValues } from "./gateway-values";
import { renderGatewayConfig } from "./render-gateway-config";
import { canConnect, keepStderrTail, killOnExit, waitUntilReady, watchExit } from "./nginx-process";
import type { NginxExit, NginxProcess } from "./nginx-process";

export interface StartNginxOptions {
  /** Prefix folder: nginx.conf, the pid file, temp folders and access.log go here. */
  dir: string;
  /** Gateway port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** host:port per area; the rest default to 127.0.0.1 and the port in services.json. */
  upstreams?: Partial<Record<GatewayArea, string>>;
  /** The built web app; default `web/dist` of the repository. */
  webRoot?: string;
  /** Published docs (index.html, asyncapi.json); default an empty `docs` folder in `dir`. */
  docsRoot?: string;
  /**
   * Per-address ceilings (rates and bursts) of the login/register/password-reset zone and the
   * /refresh + /logout zone; each unset one is DEFAULT_GATEWAY_LIMITS'.
   */
  authRateLimit?: string;
  authBurst?: number;
  sessionRateLimit?: string;
  sessionBurst?: number;
  /** How long to wait for the port; default 10 000 ms. */
  startTimeoutMs?: number;
}

export interface RunningNginx {
  /** e.g. "http://127.0.0.1:41235" (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  /** The rendered configuration nginx runs. */
  configFile: string;
  /** Settles when nginx has exited, whether stopped or crashed. */
  exited: Promise<NginxExit>;
  /** Graceful shutdown (SIGQUIT), forced if it lingers; resolves after exit. Safe to call twice. */
  stop(): Promise<void>;
}

// The template sets worker_shutdown_timeout 5s, so a graceful stop ends well within this.
const quitGraceMs = 8_000;
const termGraceMs = 3_000;
const portAttempts = 3;

/** The template's values for a local run in `dir`. */
export function localGatewayValues(
  options: StartNginxOptions & { port: number; dir: string },
): GatewayValues {
  const upstreams = { ...defaultUpstreams(), ...options.upstreams };
  const limits: Partial<GatewayLimits> = {};
  if (options.authRateLimit !== undefined) limits.authRateLimit = options.authRateLimit;
  if (options.authBurst !== undefined) limits.authBurst = options.authBurst;
  if (options.sessionRateLimit !== undefined) limits.sessionRateLimit = options.sessionRateLimit;
  if (options.sessionBurst !== undefined) limits.sessionBurst = options.sessionBurst;
  const values: Partial<GatewayValues> = {
    LISTEN_HOST: options.host ?? "127.0.0.1",
    LISTEN_PORT: options.port,
    // One worker: the machines this runs on are small and shared with the services.
    WORKER_PROCESSES: 1,
    PREFIX: options.dir,
    ACCESS_LOG: join(options.dir, "access.log"),
    WEB_ROOT: resolve(options.webRoot ?? join(repoRoot(), "web", "dist")),
    DOCS_ROOT: resolve(options.docsRoot ?? join(options.dir, "docs")),
    ...limitValues(limits),
  };
  for (const area of GATEWAY_AREAS) values[upstreamPlaceholder(area)] = upstreams[area];
  return values as GatewayValues;
}

/**
 * Runs the gateway (infra/nginx/gateway.conf.template) as a foreground nginx child process
 * with its own prefix, so it needs no system configuration and leaves none behind.
 */
export async function startNginx(options: StartNginxOptions): Promise<RunningNginx> {
  const binary = findNginx();
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  if (options.docsRoot === undefined) mkdirSync(join(dir, "docs"), { recursive: true });
  const host = options.host ?? "127.0.0.1";
  const fixedPort = options.port !== undefined && options.port !== 0;

  // A picked port can be taken between freePort() and nginx's bind; then pick again.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ? (options.port ?? 0) : await freePort(host);
    try {
      return await launch(binary, { ...options, dir, host, port });
    } catch (error) {
      const lostRace = error instanceof Error && error.message.includes("Address already in use");
      if (fixedPort || !lostRace || attempt >= portAttempts) throw error;
    }
  }
}

async function launch(
  binary: string,
  options: StartNginxOptions & { dir: string; host: string; port: number },
): Promise<RunningNginx> {
  const { dir, host, port, startTimeoutMs = 10_000 } = options;
  const configFile = join(dir, "nginx.conf");
  writeFileSync(configFile, renderGatewayConfig(localGatewayValues(options)));
  // The template puts the pid file here; one left by an earlier run must not look like ours.
  const pidFile = join(dir, "nginx.pid");
  rmSync(pidFile, { force: true });

  // daemon off keeps nginx a child we can watch and stop. As root, workers would otherwise
  // switch to nobody and get 403 on the caller's folders (mkdtemp makes them 0700); this
  // dev instance listens on loopback unless told otherwise and serves only folders the
  // caller named.
  const globals = process.getuid?.() === 0 ? "daemon off; user root;" : "daemon off;";
  const child = spawn(binary, ["-e", "stderr", "-p", dir, "-c", configFile, "-g", globals], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderrTail = keepStderrTail(child);
  const exited = watchExit(child);
  exited.catch(() => undefined); // a spawn failure is reported by waitUntilReady below
  const forget = killOnExit(child);
  void exited.then(forget, forget);

  // nginx writes its pid file only after binding every listen socket, so our pid there means
  // the port is nginx's and not some other process's that won a race for it.
  const isReady = async (): Promise<boolean> =>
    readPid(pidFile) === child.pid && (await canConnect(host, port));
  try {
    await waitUntilReady(
      isReady,
      `listened on ${host}:${port}`,
      exited,
      startTimeoutMs,
      stderrTail,
    );
  } catch (error) {
    // SIGTERM, not SIGKILL: the master takes its workers down with it; a killed master
    // leaves them running.
    await terminate(child, exited, "SIGTERM");
    throw error;
  }

  const stopOnce = (): Promise<void> => terminate(child, exited, "SIGQUIT");
  let stopping: Promise<void> | undefined;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`,
    port,
    pid: child.pid ?? -1,
    configFile,
    exited,
    stop: () => (stopping ??= stopOnce()),
  };
}

/**
 * Stops nginx with `first` (SIGQUIT: graceful, SIGTERM: fast), escalating to SIGTERM and then
 * SIGKILL if it lingers; resolves when the process has exited.
 */
async function terminate(
  child: NginxProcess,
  exited: Promise<NginxExit>,
  first: "SIGQUIT" | "SIGTERM",
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(first);
  const graceful = first === "SIGQUIT";
  const term = graceful ? setTimeout(() => child.kill("SIGTERM"), quitGraceMs) : undefined;
  const kill = setTimeout(() => child.kill("SIGKILL"), (graceful ? quitGraceMs : 0) + termGraceMs);
  await exited.catch(() => undefined);
  clearTimeout(term);
  clearTimeout(kill);
}

function readPid(file: string): number | undefined {
  try {
    return Number(readFileSync(file, "utf8").trim());
  } catch {
    return undefined;
  }
}
