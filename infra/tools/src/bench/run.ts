// `npm run bench`: the platform in a throw-away home, each scenario beside a ceiling measured in
// the same run. See README "Benchmark".
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { freePort, repoRoot } from "@turnout/dev-stack";
import { startPlatform, type RunningPlatform } from "../local/platform";
import { readRunnerState } from "../local/runner-state";
import { listingScenario } from "./listing-scenario";
import { loginForToken, loginScenario, registerUser } from "./login-scenario";
import { notifyScenario } from "./notify-scenario";
import { vaultMinter } from "./bench-tokens";
import { writeChart } from "./chart";
import { buildReport, machineInfo, toMarkdown, type BenchRow } from "./report";
import { memoryMarkdown, runStorm, type MemoryRow } from "./storm-run";
import { meScenario, verifyScenario } from "./verify-scenario";

async function runScenarios(
  platform: RunningPlatform,
): Promise<{ rows: BenchRow[]; memory: MemoryRow[] }> {
  const auth = platform.services.find((s) => s.service === "auth-service");
  if (!auth) throw new Error("the platform has no auth-service");
  const authUrl = `http://127.0.0.1:${auth.port}`;
  const state = readRunnerState();
  const vault = state?.vault;
  if (!vault?.addr || !state) throw new Error("the platform published no Vault address");

  console.log("… registration storm: 2,000 attendees, 500 seats, via the gateway");
  const mint = await vaultMinter(vault);
  const storm = await runStorm(platform, state.database.adminUrl, mint);
  console.log("… event listing via gateway vs nginx → empty handler (16 in flight, 10 s each)");
  const listing = await listingScenario(platform.gatewayUrl, await mint(["attendee"]));
  console.log("… registration → notification stored (40 sign-ups)");
  const notify = await notifyScenario(platform.gatewayUrl, mint);

  const user = await registerUser(authUrl);
  const rows: BenchRow[] = [storm.row, listing, notify];
  console.log("… login vs raw argon2id (8 in flight, 10 s each)");
  rows.push(await loginScenario(authUrl, user));
  const tokens: string[] = [];
  for (let i = 0; i < 4; i++) tokens.push(await loginForToken(authUrl, user));
  console.log("… token verification vs raw jose (16 in flight, 5 s each)");
  rows.push(await verifyScenario(vault, tokens));
  console.log("… GET /me (16 in flight, 5 s)");
  rows.push(await meScenario(authUrl, tokens[0] ?? ""));
  return { rows, memory: storm.memory };
}

async function main(): Promise<void> {
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
      authRateLimit: "100000r/m",
      onProgress: (step) => {
        console.log(`… ${step}`);
      },
      onServiceError: (service, line) => {
        console.error(`[${service}] ${line}`);
      },
    });
    const { rows, memory } = await runScenarios(platform);
    const report = { ...buildReport(startedAt, rows), memory };
    const markdown = `${toMarkdown(report)}\n${memoryMarkdown(memory)}`;

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
