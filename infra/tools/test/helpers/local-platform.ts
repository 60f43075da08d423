import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@turnout/provisioning";
import { waitFor } from "@turnout/test-kit";
import { runnerState, type RunnerState } from "../../src/local/runner-state";

export interface LocalPlatformOptions {
  /** TURNOUT_HOME: data, passwords and logs; a second start with the same folder reuses them. */
  home: string;
  /** The gateway's port (PORT). */
  port: number;
  /** Arguments after `npm start --`, e.g. `["--demo"]`. */
  args?: readonly string[];
  /** TURNOUT_AUTH_RATE_LIMIT: the gateway's limit on login, register and password reset. */
  authRateLimit: string;
  /** TURNOUT_AUTH_BURST: requests over that rate let through at once (the gateway's 100 unless told). */
  authBurst?: number;
  /** More environment for the runner (and the services it starts). */
  env?: NodeJS.ProcessEnv;
  /** The checkout to start in; this repository unless told (e.g. a clone elsewhere). */
  cwd?: string;
  /** How long the start may take, 240 s unless told. */
  timeoutMs?: number;
}

/** A running `npm start`, as a person at a terminal sees it. */
export interface LocalPlatform {
  gateway: string;
  home: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The runner's state.json (database, broker and Vault addresses for the ops commands). */
  state(): Promise<RunnerState>;
  /** Like a terminal's Ctrl-C: SIGINT to the whole process group; resolves once it exited. */
  pressCtrlC(): Promise<void>;
}

/** The logins `npm start` prints: the local admin and, with `--demo`, the demo password. */
export interface PrintedLogins {
  admin: { email: string; password: string };
  demoPassword?: string;
}

/**
 * The platform as a user starts it: the real `npm start` command in a home folder of its own,
 * on free service ports, through the nginx gateway. Resolves once it prints that it is running;
 * a start that fails or times out is stopped and rejects with everything it printed.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  // Real infrastructure variables would switch the runner away from its stand-ins.
  const { DATABASE_URL, KAFKA_BROKERS, VAULT_ADDR, VAULT_TOKEN, TURNOUT_STACK, ...inherited } =
    process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...options.env,
    PORT: String(options.port),
    TURNOUT_HOME: options.home,
    TURNOUT_SERVICE_PORTS: "free",
    TURNOUT_AUTH_RATE_LIMIT: options.authRateLimit,
    ...(options.authBurst !== undefined ? { TURNOUT_AUTH_BURST: String(options.authBurst) } : {}),
  };
  const args = options.args ?? [];
  // A process group of its own, so Ctrl-C can reach npm and everything underneath it.
  const child: ChildProcess = spawn("npm", ["start", ...(args.length > 0 ? ["--", ...args] : [])], {
    cwd: options.cwd ?? repoRoot(),
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  }
  const exited = new Promise<void>((resolve) => {
    child.on("exit", () => {
      resolve();
    });
  });
  const output = () => chunks.join("");
  const pressCtrlC = async () => {
    try {
      process.kill(-child.pid!, "SIGINT");
    } catch {
      // already gone
    }
    await exited;
  };

  const running = () => output().includes("Turnout is running.");
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  try {
    await waitFor(() => running() || gone(), {
      timeoutMs: options.timeoutMs ?? 240_000,
      intervalMs: 250,
      message: "npm start to print that Turnout is running",
    });
    if (!running()) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode})`);
  } catch (error) {
    await pressCtrlC();
    throw new Error(`${String(error)}\n${output()}`, { cause: error });
  }

  return {
    gateway: `http://127.0.0.1:${options.port}`,
    home: options.home,
    output,
    state: async () =>
      runnerState.parse(JSON.parse(await readFile(join(options.home, "state.json"), "utf8"))),
    pressCtrlC,
  };
}

/** The admin login and the demo password from what `npm start` printed. */
export function printedLogins(output: string): PrintedLogins {
  const admin = /Admin login +(\S+) \/ (\S+)/.exec(output);
  if (!admin?.[1] || !admin[2]) throw new Error(`npm start printed no admin login:\n${output}`);
  const demo = /Demo password +(\S+)/.exec(output)?.[1];
  return {
    admin: { email: admin[1], password: admin[2] },
    ...(demo ? { demoPassword: demo } : {}),
  };
}
