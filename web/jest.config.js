// Component tests in jsdom. They need no backend: the preset's globalSetup, which starts the
// whole stack, is left out, and tests replace fetch.
const {
  globalSetup: _setup,
  globalTeardown: _teardown,
  ...preset
} = require("@turnout/config/jest");

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  testEnvironment: "<rootDir>/test/jsdom-environment.js",
  // jsdom's default ("browser") so packages resolve to their browser builds, as Vite does.
  testEnvironmentOptions: {},
  transform: {
    "^.+\\.(t|j)sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2022",
        },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
  },
  // jose ships ES modules only: transformed like the app's own code.
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  testMatch: ["<rootDir>/src/**/*.test.{ts,tsx}", "<rootDir>/test/**/*.test.{ts,tsx}"],
  moduleFileExtensions: ["tsx", "ts", "js", "json"],
  moduleNameMapper: {},
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
