import { readStackInfo, type StackInfo } from "@turnout/dev-stack";

/** The running stack of this test run (started by the jest global setup). */
export function testStack(): StackInfo {
  const info = readStackInfo();
  if (!info) throw new Error("no test stack: run tests through jest (global setup) or `npm test`");
  return info;
}
