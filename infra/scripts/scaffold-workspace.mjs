// Writes the files every workspace shares verbatim (tsconfig, eslint, jest), so they cannot drift.
// Usage: node infra/scripts/scaffold-workspace.mjs <dir> [<dir> ...]
import { execFileSync } from "node:child_process";
import { writeFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const files = {
  "tsconfig.json": JSON.stringify(
    { extends: "@turnout/config/tsconfig.json", include: ["src", "test", "prisma.config.ts"] },
    null,
    2,
  ),
  "tsconfig.build.json": JSON.stringify(
    {
      extends: "@turnout/config/tsconfig.base.json",
      compilerOptions: { outDir: "dist", rootDir: "src" },
      include: ["src"],
      exclude: ["src/**/*.test.ts"],
    },
    null,
    2,
  ),
  "eslint.config.js": 'module.exports = require("@turnout/config/eslint")(__dirname);',
  "jest.config.js": 'module.exports = require("@turnout/config/jest");',
};

const written = [];
for (const dir of process.argv.slice(2)) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      writeFileSync(path, text + "\n");
      written.push(path);
    }
  }
}
if (written.length > 0)
  execFileSync("npx", ["prettier", "--write", ...written], { stdio: "ignore" });
