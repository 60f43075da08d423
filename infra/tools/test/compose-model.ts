import type { readServiceList } from "@turnout/provisioning";
import { z } from "zod";
import { references, type Reference } from "./compose-interpolate";

/** What the static check reads; tests pass mutated copies to see each rule fire. */
export interface ComposeInput {
  /** docker-compose.yml parsed, anchors and merge keys resolved, not interpolated. */
  compose: unknown;
  /** .env.example: what `cp .env.example .env` gives compose. */
  envExample: Record<string, string>;
  dockerfile: string;
  dockerignore: string;
  gitignore: string;
  gatewayTemplate: string;
  serviceList: ReturnType<typeof readServiceList>;
  /** Each service's exported `configSchema`, by service name. */
  configSchemas: Record<string, z.ZodObject>;
  /** The root package.json's `packageManager`, e.g. "npm@11.19.1". */
  packageManager: string;
  /** Whether a path relative to the repository root exists (COPY sources, job scripts). */
  exists: (path: string) => boolean;
  /** A file relative to the repository root (the init jobs' sources), undefined if absent. */
  read: (path: string) => string | undefined;
  /** package-lock.json, parsed. */
  lockfile: unknown;
  /** The workspace folders the runtime image installs (infra/scripts/production-workspaces.mjs). */
  productionWorkspaces: string[];
}

/** The one-shot init jobs; everything else in docker-compose.yml runs for good. */
export const JOBS = ["db-init", "kafka-init", "vault-init"] as const;

/** Variables that hold credentials: required from .env, never defaulted, never written inline. */
export const SECRET_NAME = /PASSWORD|SECRET|TOKEN|ROLE_ID|PRIVATE_KEY/;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const serviceShape = z.looseObject({
  image: z.string().optional(),
  build: z
    .union([
      z.string(),
      z.looseObject({ context: z.string().optional(), target: z.string().optional() }),
    ])
    .optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.union([z.record(z.string(), scalar), z.array(z.string())]).optional(),
  depends_on: z
    .union([
      z.array(z.string()),
      z.record(z.string(), z.looseObject({ condition: z.string().optional() })),
    ])
    .optional(),
  healthcheck: z
    .looseObject({
      test: z.union([z.string(), z.array(z.string())]).optional(),
      disable: z.boolean().optional(),
    })
    .optional(),
  restart: z.string().optional(),
  ports: z.array(z.union([z.string(), z.number(), z.looseObject({})])).optional(),
  volumes: z
    .array(
      z.union([
        z.string(),
        z.looseObject({ source: z.string().optional(), target: z.string().optional() }),
      ]),
    )
    .optional(),
  platform: z.string().optional(),
});
export type ComposeService = z.infer<typeof serviceShape>;

const composeShape = z.looseObject({
  services: z.record(z.string(), serviceShape),
  volumes: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type ComposeFile = z.infer<typeof composeShape>;

/** Both views the checks need: as written (references) and as compose runs it (.env.example). */
export interface ComposeViews {
  raw: ComposeFile;
  resolved: ComposeFile;
}

/** The document in the shape the checks read, or the reasons it is not in that shape. */
export function readShape(document: unknown): { file?: ComposeFile; problems: string[] } {
  const parsed = composeShape.safeParse(document);
  if (parsed.success) return { file: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map(
      (issue) => `shape: ${issue.path.join(".")}: ${issue.message}`,
    ),
  };
}

/** `environment` as a map; a list entry without `=` and a null value pass the host's value, i.e. none. */
export function environmentOf(service: ComposeService | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  const raw = service?.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const at = entry.indexOf("=");
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
    }
  } else if (raw) {
    for (const [key, value] of Object.entries(raw)) if (value !== null) env[key] = String(value);
  }
  return env;
}

/** `depends_on` as a map of conditions; the short list form has no condition (undefined). */
export function dependenciesOf(
  service: ComposeService | undefined,
): Record<string, string | undefined> {
  const raw = service?.depends_on;
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, undefined]));
  return Object.fromEntries(
    Object.entries(raw ?? {}).map(([name, value]) => [name, value.condition]),
  );
}

export const commandOf = (service: ComposeService | undefined): string[] => {
  const command = service?.command;
  return typeof command === "string" ? command.split(/\s+/).filter(Boolean) : (command ?? []);
};

export const healthTestOf = (service: ComposeService | undefined): string => {
  const test = service?.healthcheck?.test;
  return Array.isArray(test) ? test.join(" ") : (test ?? "");
};

export const buildTargetOf = (service: ComposeService | undefined): string | undefined =>
  typeof service?.build === "object" ? service.build.target : undefined;

/** Named-volume mounts of a service: `source:target[:mode]` strings and long-form entries. */
export function volumeMountsOf(
  service: ComposeService | undefined,
): { source: string; target: string }[] {
  return (service?.volumes ?? []).flatMap((volume) => {
    if (typeof volume === "string") {
      const [source, target] = volume.split(":");
      return source && target ? [{ source, target }] : [];
    }
    return volume.source && volume.target ? [{ source: volume.source, target: volume.target }] : [];
  });
}

/** The variables an unresolved value refers to. */
export const referencesOf = (value: string | undefined): Reference[] =>
  value === undefined ? [] : references(value);

/** True when `value` is exactly one required reference to `name`: `${name:?...}`. */
export function isRequiredReference(value: string | undefined, name: string): boolean {
  if (value === undefined) return false;
  const refs = references(value);
  return (
    refs.length === 1 &&
    refs[0]?.name === name &&
    refs[0].operator === ":?" &&
    /^\$\{[^}]*\}$/.test(value.trim())
  );
}
