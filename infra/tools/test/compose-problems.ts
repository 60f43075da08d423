// A copy of the real compose input, broken on purpose: what the compose check then reports.
import { checkCompose } from "./compose-check";
import { loadComposeInput } from "./compose-input";
import type { ComposeInput } from "./compose-model";

export type Doc = {
  services: Record<string, Record<string, unknown> & { environment: Record<string, unknown> }>;
};

const input = loadComposeInput();

/** The problems of a copy of the real input, changed by `change`. */
export function problemsAfter(change: (doc: Doc, copy: ComposeInput) => void): string[] {
  const copy: ComposeInput = { ...input, compose: structuredClone(input.compose) };
  copy.envExample = { ...input.envExample };
  change(copy.compose as Doc, copy);
  return checkCompose(copy);
}

export const containing = (text: string): unknown =>
  expect.arrayContaining([expect.stringContaining(text)]);
