/** Just enough of the Dockerfile and .dockerignore formats to check them without a Docker engine. */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  /** The base image with ARG defaults substituted, or an earlier stage's name. */
  from: string;
  platform: string | undefined;
  instructions: Instruction[];
}

/** Instructions with continuations joined; comment lines inside continuations dropped, as Docker does. */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current: { text: string; line: number } | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#") || (trimmed === "" && current === undefined)) continue;
    const continued = trimmed.endsWith("\\");
    const piece = continued ? trimmed.slice(0, -1) : trimmed;
    current = current
      ? { ...current, text: `${current.text} ${piece}` }
      : { text: piece, line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/s.exec(current.text.trim());
      if (match?.[1]) {
        instructions.push({
          keyword: match[1].toUpperCase(),
          args: match[2] ?? "",
          line: current.line,
        });
      }
      current = undefined;
    }
  }
  return instructions;
}

/** Flags (`--from=build`) and the remaining words of an instruction's arguments. */
export function splitFlags(args: string): { flags: Record<string, string>; words: string[] } {
  const flags: Record<string, string> = {};
  const words: string[] = [];
  for (const word of args.split(/\s+/).filter(Boolean)) {
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag?.[1] && words.length === 0) flags[flag[1]] = flag[2] ?? "";
    else words.push(word);
  }
  return { flags, words };
}

export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === "ARG" && stages.length === 0) {
      const [name, value] = instruction.args.split("=", 2);
      if (name) args[name.trim()] = (value ?? "").trim();
      continue;
    }
    if (instruction.keyword === "FROM") {
      const { flags, words } = splitFlags(instruction.args);
      const image = (words[0] ?? "").replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (whole, a?: string, b?: string) => {
          const name = a ?? b ?? "";
          return args[name] ?? whole;
        },
      );
      const as = words[1]?.toUpperCase() === "AS" ? (words[2] ?? "") : String(stages.length);
      stages.push({ name: as, from: image, platform: flags.platform, instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return { args, stages };
}

/**
 * Whether .dockerignore leaves `path` (relative to the context) out of the build context: the
 * last matching pattern decides, `!` re-includes, and a match on a folder covers what is in it.
 */
export function dockerIgnored(patterns: string, path: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      "^" +
        pattern
          .replace(/^\/+|\/+$/g, "")
          .split("/")
          .map((part) =>
            part === "**"
              ? ".*"
              : part
                  .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                  .replace(/\*/g, "[^/]*")
                  .replace(/\?/g, "[^/]"),
          )
          .join("/")
          .replace(/^\.\*\//, "(?:.*/)?") +
        "(?:/.*)?$",
    );
  let ignored = false;
  for (const raw of patterns.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    if (toRegExp(negated ? line.slice(1) : line).test(path.replace(/^\.\//, "")))
      ignored = !negated;
  }
  return ignored;
}
