// `npm run demo`: seeds the demo into the platform `npm start` is running (idempotent).
import { repoRoot } from "@turnout/provisioning";
import { readSecrets } from "../local-secrets";
import { localDir, readRunnerState } from "../runner-state";
import { demoUrls } from "./demo-urls";
import { demoLogins, seedDemo } from "./seed-demo";

async function main(): Promise<void> {
  const state = readRunnerState();
  const secrets = readSecrets(localDir());
  if (!state || !secrets) throw new Error("no running platform here: start it with `npm start`");
  await seedDemo(
    demoUrls(state.services),
    { adminPassword: secrets.adminPassword, demoPassword: secrets.demoPassword },
    (line) => {
      console.log(line);
    },
  );
  console.log(
    [
      "",
      "Demo ready. Log in at " + state.gatewayUrl + "/ as:",
      ...demoLogins(secrets.demoPassword),
    ].join("\n"),
  );
}

process.chdir(repoRoot());
main().catch((error: unknown) => {
  console.error(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
