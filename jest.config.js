// Every workspace's tests in one run: one shared stack, one worker pool, one summary.
const { existsSync, readdirSync } = require("node:fs");
const { workspaces } = require("./package.json");

const dirs = workspaces.flatMap((pattern) =>
  pattern.endsWith("/*")
    ? readdirSync(pattern.slice(0, -2)).map((name) => `${pattern.slice(0, -2)}/${name}`)
    : [pattern],
);

/** @type {import('jest').Config} */
module.exports = {
  projects: dirs
    .filter((dir) => existsSync(`${dir}/jest.config.js`))
    .map((dir) => `<rootDir>/${dir}`),
  maxWorkers: 2,
  // Global options: jest ignores them in project configs, so they repeat the preset's.
  testTimeout: 30000,
};
