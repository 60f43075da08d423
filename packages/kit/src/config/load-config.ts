import type { z } from "zod";

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/**
 * Thrown by `loadConfig`. It names each bad variable and what is wrong with it, never its
 * value: configuration carries passwords and tokens, and this message ends up in logs.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.variable}: ${p.problem}`);
    super(`Invalid configuration (${problems.length} problem(s)):\n${lines.join("\n")}`);
    this.name = "ConfigError";
    this.problems = Object.freeze([...problems]);
  }
}

type Env = Record<string, string | undefined>;

const describeIssue = (issue: z.core.$ZodIssue, env: Env, variable: string): string => {
  const raw = env[variable];
  const unset = raw === undefined || raw.trim() === "";
  // Zod's own wording ("expected string, received undefined") is confusing for env vars.
  if (issue.code === "invalid_type" && unset) return "is required but not set";
  const nested = issue.path.slice(1).map(String);
  return nested.length > 0 ? `[${nested.join(".")}] ${issue.message}` : issue.message;
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * Parses the environment once at start-up. Every problem is collected before throwing so
 * an operator fixes a deployment in one round instead of one variable per restart.
 */
export function loadConfig<T extends z.ZodObject>(
  schema: T,
  env: Env = process.env,
): Readonly<z.output<T>> {
  const result = schema.safeParse(env);
  if (result.success) return deepFreeze(result.data);

  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : "(configuration)";
    const problem = describeIssue(issue, env, variable);
    const key = `${variable}\u0000${problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ variable, problem });
  }
  throw new ConfigError(problems);
}
