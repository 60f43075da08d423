import type { ChildProcessByStdio } from "node:child_process";
import { connect } from "node:net";
import type { Readable } from "node:stream";

// The child-process plumbing of startNginx: stderr for error messages, exit tracking, the
// readiness wait, and a last-resort kill when this process exits without stopping nginx.

export type NginxProcess = ChildProcessByStdio<null, null, Readable>;

export interface NginxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// nginx logs to stderr (config errors, upstream failures); the pipe is always drained, since
// a full pipe would block nginx on its next log write.
export function keepStderrTail(child: NginxProcess, maxLines = 30): () => string {
  let lines: string[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    lines = [...lines, ...chunk.split("\n").filter((line) => line.trim() !== "")].slice(-maxLines);
  });
  return () => (lines.length ? `\nnginx stderr:\n${lines.join("\n")}` : "");
}

export function watchExit(child: NginxProcess): Promise<NginxExit> {
  return new Promise((resolve, reject) => {
    // 'close' rather than 'exit', so stderr is fully read when a failed start is reported.
    child.once("close", (code, signal) => {
      resolve({ code, signal });
    });
    child.once("error", reject);
  });
}

export const canConnect = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });

/** Polls `isReady` until it holds; rejects if nginx exits first or time runs out. */
export async function waitUntilReady(
  isReady: () => Promise<boolean>,
  what: string,
  exited: Promise<NginxExit>,
  timeoutMs: number,
  stderrTail: () => string,
): Promise<void> {
  let exit: NginxExit | undefined;
  void exited.then(
    (value) => (exit = value),
    () => (exit = { code: null, signal: null }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit) {
      throw new Error(
        `nginx exited before it ${what} (code ${String(exit.code)}, signal ${String(exit.signal)})${stderrTail()}`,
      );
    }
    if (await isReady()) return;
    if (Date.now() > deadline) {
      throw new Error(`nginx had not ${what} after ${timeoutMs} ms${stderrTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// nginx does not notice its parent dying, so a test run that ends without stop() would leave
// it holding the port. A SIGKILL of this process still orphans it; nothing can catch that.
const running = new Set<NginxProcess>();
let exitHookInstalled = false;

export function killOnExit(child: NginxProcess): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      // SIGTERM is nginx's fast shutdown; 'exit' handlers cannot wait for a graceful one.
      for (const c of running) c.kill("SIGTERM");
    });
  }
  running.add(child);
  return () => running.delete(child);
}
