import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configSchema as authConfig } from "@turnout/auth-service/config";
import { readServiceList, repoRoot } from "@turnout/provisioning";
import { configSchema as eventConfig } from "@turnout/event-service/config";
import { configSchema as notificationConfig } from "@turnout/notification-service/config";
import { configSchema as registrationConfig } from "@turnout/registration-service/config";
import { configSchema as userConfig } from "@turnout/user-service/config";
import { parse } from "yaml";
import { parseEnvFile } from "./compose-interpolate";
import type { ComposeInput } from "./compose-model";

/**
 * The repository's real files: docker-compose.yml, .env.example, Dockerfile, package-lock.json
 * and their sources.
 */
export function loadComposeInput(): ComposeInput {
  const root = repoRoot();
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const packageJson = JSON.parse(read("package.json")) as { packageManager?: string };
  return {
    // Compose resolves anchors and `<<` merge keys (YAML 1.1) before anything else.
    compose: parse(read("docker-compose.yml"), { merge: true }) as unknown,
    envExample: parseEnvFile(read(".env.example")),
    dockerfile: read("Dockerfile"),
    dockerignore: read(".dockerignore"),
    gitignore: read(".gitignore"),
    gatewayTemplate: read("infra/nginx/gateway.conf.template"),
    serviceList: readServiceList(),
    // Through each service's `./config` export: the schema the service itself parses with.
    configSchemas: {
      "auth-service": authConfig,
      "user-service": userConfig,
      "event-service": eventConfig,
      "registration-service": registrationConfig,
      "notification-service": notificationConfig,
    },
    packageManager: packageJson.packageManager ?? "",
    exists: (path) => existsSync(join(root, path)),
    read: (path) => (existsSync(join(root, path)) ? read(path) : undefined),
    lockfile: JSON.parse(read("package-lock.json")) as unknown,
    // The script the Dockerfile runs, run the same way.
    productionWorkspaces: execFileSync(
      process.execPath,
      [join(root, "infra", "scripts", "production-workspaces.mjs")],
      { encoding: "utf8" },
    )
      .split("\n")
      .filter((line) => line !== ""),
  };
}
