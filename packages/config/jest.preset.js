// Fast TypeScript jest: SWC transpiles (no type checking; `typecheck` does that),
// workspace packages resolve to their sources through the "source" export condition.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: {
    "^.+\\.(t|j)s$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
  },
  // jose 6 ships ES modules only; jest runs CommonJS, so it is transpiled too.
  transformIgnorePatterns: ["/node_modules/(?!(jose)/)"],
  testEnvironmentOptions: { customExportConditions: ["source", "node", "node-addons"] },
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  // The generated Prisma client imports its own .ts files with .js specifiers (ESM style).
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  globalSetup: "@turnout/test-kit/jest-global-setup",
  globalTeardown: "@turnout/test-kit/jest-global-teardown",
  testTimeout: 30000,
};
