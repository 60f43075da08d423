// Starts one throw-away stack, runs the command given after `--` with TURNOUT_STACK set (so every
// jest project shares it), stops the stack and exits with the command's status.
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STACK_ENV, startStack } from "@turnout/dev-stack";

async function main(): Promise<number> {
  const separator = process.argv.indexOf("--");
  const [command, ...args] = process.argv.slice(separator + 1);
  if (separator < 0 || !command) throw new Error("usage: with-stack -- <command> [args...]");

  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), "turnout-stack-"));
  const stack = await startStack({
    dir,
    ephemeral: true,
    onProgress: (step) => console.log(`stack: ${step}`),
  });
  console.log(`stack: ready in ${Date.now() - started} ms`);
  try {
    const child = spawn(command, args, {
      stdio: "inherit",
      env: { ...process.env, [STACK_ENV]: JSON.stringify(stack.info) },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    return await new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
