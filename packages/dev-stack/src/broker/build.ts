import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access, constants, mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brokerSourcePath, buildCacheDir } from "./paths";

const run = promisify(execFile);

const compilerFlags = ["-O2", "-Wall"];
const libraries = ["-lrdkafka"];
const installHint = "install them with: apt-get install -y gcc librdkafka-dev";

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function compileError(error: unknown): Error {
  const { code, stderr } = error as { code?: unknown; stderr?: unknown };
  if (code === "ENOENT") {
    return new Error(
      `gcc is not installed; the dev Kafka broker is compiled on first use, ${installHint}`,
    );
  }
  const output = typeof stderr === "string" ? stderr : "";
  if (/librdkafka\/\S+: No such file|cannot find -lrdkafka/.test(output)) {
    return new Error(`librdkafka's development files are missing; ${installHint}\n${output}`);
  }
  return new Error(`compiling ${brokerSourcePath} failed:\n${output || String(error)}`, {
    cause: error,
  });
}

/**
 * Returns the path of the compiled mock broker, compiling it first when this exact source
 * (and these flags) has not been built yet. The content hash in the file name is the whole
 * cache check: an edited source gets a fresh binary, an unchanged one costs a stat.
 */
export async function ensureBrokerBinary(): Promise<string> {
  const source = await readFile(brokerSourcePath);
  const digest = createHash("sha256")
    .update(source)
    .update([...compilerFlags, ...libraries].join(" "))
    .digest("hex");
  const binary = path.join(buildCacheDir, `mock-broker-${digest}`);
  if (await isExecutable(binary)) return binary;

  await mkdir(buildCacheDir, { recursive: true });
  // Test workers and parallel package runs may build at the same moment: each writes its own
  // file and renames it into place, which is atomic, so no one ever runs a half-written binary.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run("gcc", [...compilerFlags, "-o", partial, brokerSourcePath, ...libraries]);
    await rename(partial, binary);
  } catch (error) {
    await rm(partial, { force: true });
    throw compileError(error);
  }
  // Binaries of earlier sources are dead weight; a broker still running one keeps its inode.
  for (const name of await readdir(buildCacheDir)) {
    if (/^mock-broker-[0-9a-f]{64}$/.test(name) && name !== path.basename(binary)) {
      await rm(path.join(buildCacheDir, name), { force: true });
    }
  }
  return binary;
}
