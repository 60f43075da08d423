// A clone holds only what git tracks, so the docs must stand on their own: no pointer to the
// design brief the project started from (it lives outside the repository), and no relative
// link in the docs that leads nowhere.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
  cwd: __dirname,
  encoding: "utf8",
}).trim();

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((path) => path !== "");
const trackedSet = new Set(tracked);

// Spelled in pieces so this file does not match itself.
const BRIEF_FOLDER = ["shared", "design"].join("/");
// The brief's file names, as references in prose or comments (`docs/conventions.md` is ours).
const BRIEF_FILES = new RegExp(`\\b(?:${["API", "ARCHITECTURE", "MACHINE"].join("|")})\\.md\\b`);

/** Text of a tracked file, or undefined for a binary one (or one deleted in the work tree). */
function readText(path: string): string | undefined {
  const file = join(root, path);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 8000).includes(0)) return undefined;
  return bytes.toString("utf8");
}

/** `path:line` of every line of a tracked file that `matches`. */
function linesMatching(matches: (line: string) => boolean): string[] {
  const found: string[] = [];
  for (const path of tracked) {
    const text = readText(path);
    if (text === undefined) continue;
    text.split("\n").forEach((line, index) => {
      if (matches(line)) found.push(`${path}:${index + 1}`);
    });
  }
  return found;
}

/** Targets of the inline (`[text](target)`, `![alt](target)`) and reference links of a page. */
function markdownLinks(markdown: string): string[] {
  // Code is shown, not linked: fenced blocks and inline code spans are left out.
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/`[^`\n]*`/g, "");
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const reference = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm)];
  return [...inline, ...reference].map((match) => match[1] ?? "");
}

const isRelative = (target: string): boolean =>
  target !== "" && !target.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(target);

/** Whether a link target (no fragment) names a tracked file, or a folder holding one. */
function resolvesInRepo(fromPage: string, target: string): boolean {
  const path = decodeURIComponent(target.split("#")[0] ?? "");
  const inRepo = relative(root, resolve(root, dirname(fromPage), path));
  if (inRepo.startsWith("..")) return false;
  if (trackedSet.has(inRepo)) return true;
  const folder = inRepo === "" ? "" : `${inRepo.replace(/\/$/, "")}/`;
  return tracked.some((file) => file.startsWith(folder));
}

const pages = tracked.filter((path) => path === "README.md" || /^docs\/[^/]+\.md$/.test(path));

describe("the docs are self-contained", () => {
  it("no tracked file points at the design brief outside the repository", () => {
    expect(linesMatching((line) => line.includes(BRIEF_FOLDER))).toEqual([]);
    expect(linesMatching((line) => BRIEF_FILES.test(line))).toEqual([]);
  });

  it("finds the README and the docs to check", () => {
    expect(pages).toEqual(expect.arrayContaining(["README.md", "docs/conventions.md"]));
  });

  it.each(pages)("every relative link in %s leads to a file in the repository", (page) => {
    const broken = markdownLinks(readText(page) ?? "")
      .filter(isRelative)
      .filter((target) => !resolvesInRepo(page, target));
    expect(broken).toEqual([]);
  });

  it("the link check itself catches what it should", () => {
    const sample = [
      "[ok](docs/contracts.md#topics) ![img](docs/screenshots/events-desktop.png)",
      "[brief](../outside/brief.md) [gone](docs/nowhere.md) [web](https://example.com) [top](#run)",
      "`[code](not/a/link.md)`",
      "```",
      "[fenced](not/a/link.md)",
      "```",
      "[ref]: docs/missing.md",
    ].join("\n");
    const relativeLinks = markdownLinks(sample).filter(isRelative);
    expect(relativeLinks).toEqual([
      "docs/contracts.md#topics",
      "docs/screenshots/events-desktop.png",
      "../outside/brief.md",
      "docs/nowhere.md",
      "docs/missing.md",
    ]);
    expect(relativeLinks.filter((target) => !resolvesInRepo("README.md", target))).toEqual([
      "../outside/brief.md",
      "docs/nowhere.md",
      "docs/missing.md",
    ]);
  });
});
