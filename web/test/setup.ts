import "@testing-library/jest-dom";
import { cleanup } from "@testing-library/react";
import { setSession } from "../src/api/session";

// Tests replace fetch with a fake; the next test starts from the environment's own, signed out.
// The tree goes first, so signing out does not re-render a finished test's app.
const environmentFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  globalThis.fetch = environmentFetch;
  setSession(null);
  localStorage.clear();
});
