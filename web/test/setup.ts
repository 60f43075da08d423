import "@testing-library/jest-dom";

// Tests replace fetch with a fake; the next test starts from the environment's own.
const environmentFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = environmentFetch;
});
