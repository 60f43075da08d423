import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";

// The child-process plumbing of startBroker: reading the one bootstrap line, noticing exits,
// and keeping stderr for error messages.

export interface BrokerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type BrokerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

const bootstrapLine = /^[^\s,]+:\d+(,[^\s,]+:\d+)*$/;

// librdkafka logs to stderr; the last lines are kept for error messages, and the pipe is always
// drained, since a full pipe would block the broker on its next log write.
export function keepStderrTail(child: BrokerProcess, maxLines = 20): () => string {
  let lines: string[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    lines = [...lines, ...chunk.split("\n").filter((line) => line.trim() !== "")].slice(-maxLines);
  });
  return () => (lines.length ? `\nbroker stderr:\n${lines.join("\n")}` : "");
}

export function watchExit(child: BrokerProcess): Promise<BrokerExit> {
  return new Promise((resolve, reject) => {
    // 'close' rather than 'exit', so stderr is fully read when a failed start is reported.
    child.once("close", (code, signal) => {
      resolve({ code, signal });
    });
    child.once("error", reject);
  });
}

export function waitForBootstrap(
  child: BrokerProcess,
  exited: Promise<BrokerExit>,
  timeoutMs: number,
  stderrTail: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let settled = false;
    const finish = (error: Error | undefined, line = ""): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.stdout.resume(); // nothing else is expected on stdout, but never let it back up
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      const line = buffered.slice(0, end).trim();
      finish(
        bootstrapLine.test(line) ? undefined : new Error(`unexpected broker output: ${line}`),
        line,
      );
    };
    const timer = setTimeout(() => {
      finish(
        new Error(
          `the dev Kafka broker printed no bootstrap address within ${timeoutMs} ms${stderrTail()}`,
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    exited.then(
      ({ code, signal }) => {
        finish(
          new Error(
            `the dev Kafka broker exited before it was ready (code ${String(code)}, signal ${String(signal)})${stderrTail()}`,
          ),
        );
      },
      (error: unknown) => {
        finish(
          new Error(`the dev Kafka broker could not be started: ${String(error)}`, {
            cause: error,
          }),
        );
      },
    );
  });
}
