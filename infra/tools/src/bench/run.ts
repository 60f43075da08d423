// `npm run bench`: the platform in a throw-away home, each scenario beside a ceiling measured in
// the same run. See README "Benchmark".
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { repoRoot } from "@turnout/provisioning";
import { DEV_BROKER_ENV, freePort } from "@turnout/dev-stack";
import { startPlatform, type RunningPlatform } from "../local/platform";
import { readRunnerState } from "../local/runner-state";
import { bookingStormScenario } from "./booking-storm";
import { allocatorMarkdown, allocatorScenario, type AllocatorRow } from "./allocator-scenario";
import { idleScenario } from "./idle-scenario";
import { listingScenarios } from "./listing-scenario";
import { loginForToken, loginScenario, registerUser } from "./login-scenario";
import { notifyScenario } from "./notify-scenario";
import { vaultMinter } from "./bench-tokens";
import { writeChart } from "./chart";
import { platformClassifier } from "./platform-processes";
import { buildReport, machineInfo, toMarkdown, type BenchRow } from "./report";
import { rotationScenario } from "./rotation-scenario";
import {
  cpuMarkdown,
  memoryMarkdown,
  runStorm,
  statementsMarkdown,
  type MemoryRow,
} from "./storm-run";
import type { StatementRow } from "./statements";
import { meScenario, verifyScenario } from "./verify-scenario";
import { apiTokenScenario } from "./api-token-scenario";

const SCENARIOS = [
  "storm",
  "bookings",
  "listing",
  "notify",
  "login",
  "verify",
  "tokens",
  "rotation",
  "allocator",
  "idle",
] as const;
type Scenario = (typeof SCENARIOS)[number];
/** KAFKA_MAX_WAIT_MS the local runner gives the services on the development broker. */
const DEV_BROKER_MAX_WAIT_MS = Number(DEV_BROKER_ENV.KAFKA_MAX_WAIT_MS);

/** `npm run bench -- storm listing` runs only those; no arguments runs every scenario. */
function selectedScenarios(): Set<Scenario> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(SCENARIOS as readonly string[]).includes(a));
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.join(", ")}`);
  return new Set((asked.length > 0 ? asked : SCENARIOS) as Scenario[]);
}

interface Results {
  rows: BenchRow[];
  memory: MemoryRow[];
  cpu: Record<string, number>;
  statements: StatementRow[];
  allocator: AllocatorRow[];
}

async function runScenarios(platform: RunningPlatform, only: Set<Scenario>): Promise<Results> {
  const auth = platform.services.find((s) => s.service === "auth-service");
  if (!auth) throw new Error("the platform has no auth-service");
  const authUrl = `http://127.0.0.1:${auth.port}`;
  const state = readRunnerState();
  const vault = state?.vault;
  if (!vault?.addr || !state) throw new Error("the platform published no Vault address");
  const classify = platformClassifier(platform);

  const mint = await vaultMinter(vault);
  const results: Results = { rows: [], memory: [], cpu: {}, statements: [], allocator: [] };
  if (only.has("idle")) {
    console.log("… the platform idle (10 s)");
    results.rows.push((await idleScenario(classify)).row);
  }
  if (only.has("storm")) {
    console.log(
      "… registration storm: 2,000 attendees, 500 seats, 3 rounds interleaved with raw SQL",
    );
    const storm = await runStorm(platform, state.database.adminUrl, mint);
    results.rows.push(storm.row);
    results.memory = storm.memory;
    results.cpu = storm.cpu;
    results.statements = storm.statements;
  }
  if (only.has("bookings")) {
    console.log(
      "… booking storm: 2,000 bookings of 1–4 seats, 3 ticket types, 3 rounds interleaved with raw SQL",
    );
    results.rows.push(
      await bookingStormScenario(platform.gatewayUrl, state.database.adminUrl, mint, classify),
    );
  }
  if (only.has("listing")) {
    console.log("… event listing and search of 10,000 events via gateway vs nginx → empty handler");
    results.rows.push(
      ...(await listingScenarios(platform.gatewayUrl, state.database.adminUrl, classify)),
    );
  }
  if (only.has("notify")) {
    console.log("… registration → notification stored (200 sign-ups)");
    const notify = await notifyScenario(
      platform.gatewayUrl,
      state.kafka.brokers,
      mint,
      DEV_BROKER_MAX_WAIT_MS,
    );
    results.rows.push(notify.row);
  }
  if (only.has("login") || only.has("verify") || only.has("tokens")) {
    const user = await registerUser(authUrl);
    if (only.has("login")) {
      console.log("… login vs raw argon2id (8 in flight, 3 rounds of 5 s interleaved)");
      results.rows.push(await loginScenario(authUrl, user, classify));
    }
    if (only.has("verify")) {
      const tokens: string[] = [];
      for (let i = 0; i < 4; i++) tokens.push(await loginForToken(authUrl, user));
      console.log("… token verification vs raw jose (16 in flight, 3 rounds of 5 s interleaved)");
      results.rows.push(await verifyScenario(vault, tokens));
      console.log("… GET /me (16 in flight, 5 s)");
      results.rows.push(await meScenario(authUrl, tokens[0] ?? "", classify));
    }
    if (only.has("tokens")) {
      console.log("… GET /users/me via gateway: API token vs session token (3 rounds of 5 s)");
      const session = await loginForToken(authUrl, user);
      results.rows.push(await apiTokenScenario(platform.gatewayUrl, session, classify));
    }
  }
  if (only.has("rotation")) {
    console.log("… key rotation under authenticated load (npm run keys:rotate)");
    results.rows.push(await rotationScenario(platform.gatewayUrl, vault));
  }
  if (only.has("allocator")) {
    console.log("… argon2id under each allocator setting (3 rounds of 5 s each)");
    results.allocator = await allocatorScenario();
  }
  return results;
}

async function main(): Promise<void> {
  const only = selectedScenarios();
  const startedAt = new Date();
  const home = await mkdtemp(join(tmpdir(), "turnout-bench-"));
  // The runner state goes to the throw-away home, never over a running `npm start`'s.
  process.env.TURNOUT_HOME = home;
  const m = machineInfo();
  console.log(`bench: ${m.cpus} cores (${m.cpuModel}), Node ${m.node}; home ${home}`);

  let platform: RunningPlatform | undefined;
  try {
    platform = await startPlatform({
      home,
      gatewayPort: await freePort(),
      servicePorts: "free",
      external: {},
      gatewayLimits: { authRateLimit: "100000r/m", sessionRateLimit: "100000r/m" },
      onProgress: (step) => {
        console.log(`… ${step}`);
      },
      onServiceError: (service, line) => {
        console.error(`[${service}] ${line}`);
      },
    });
    const { rows, memory, cpu, statements, allocator } = await runScenarios(platform, only);
    const report = { ...buildReport(startedAt, rows), memory, cpu, statements, allocator };
    const markdown = [
      toMarkdown(report),
      memoryMarkdown(memory),
      cpuMarkdown(cpu),
      statementsMarkdown(statements),
      allocatorMarkdown(allocator),
    ].join("\n");

    const dir = join(repoRoot(), "bench-results");
    mkdirSync(dir, { recursive: true });
    const base = join(dir, startedAt.toISOString().replace(/:/g, "-"));
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + "\n");
    writeFileSync(`${base}.md`, `# Turnout benchmark\n\n${markdown}`);
    await writeChart(`${base}.png`, report, memory);
    console.log(`\n${markdown}\nwritten: ${relative(process.cwd(), base)}.{json,md,png}`);
    const failed = rows.filter((r) => r.measured.failures > 0);
    if (failed.length > 0) {
      console.error(`failures in: ${failed.map((r) => r.scenario).join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await platform?.stop();
    await rm(home, { recursive: true, force: true });
  }
}

process.chdir(repoRoot());
main().catch((error: unknown) => {
  console.error(`npm run bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
