import path from "node:path";
import { repoRoot } from "@turnout/provisioning";

// Resolved from this file, never from the cwd: tests, the local runner and the CLI all start
// in different directories. Sources (src/broker) and the build (dist/broker) sit at the same
// depth, so one relative step serves both.
export const packageDir = path.resolve(__dirname, "..", "..");

export const brokerSourcePath = path.join(packageDir, "broker", "mock-broker.c");
export const buildCacheDir = path.join(repoRoot(), "node_modules", ".cache", "turnout-dev-stack");
