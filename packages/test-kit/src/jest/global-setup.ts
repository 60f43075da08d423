import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ENV, startStack } from "@turnout/dev-stack";

declare global {
  var __turnoutStackStop: (() => Promise<void>) | undefined;
}

/**
 * One real stack per test run. When the root test command already started one (TURNOUT_STACK is
 * set), every workspace shares it; a workspace tested alone starts its own here.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[STACK_ENV]) return;
  const dir = await mkdtemp(join(tmpdir(), "turnout-test-"));
  const stack = await startStack({ dir, ephemeral: true });
  process.env[STACK_ENV] = JSON.stringify(stack.info);
  globalThis.__turnoutStackStop = () => stack.stop();
}
