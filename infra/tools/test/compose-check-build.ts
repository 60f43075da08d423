import { dockerIgnored, parseDockerfile, splitFlags } from "./compose-dockerfile";
import { buildTargetOf, SECRET_NAME, type ComposeInput, type ComposeViews } from "./compose-model";

/** A tag with a version number or a digest: `postgres:18.4`, never `latest` or a bare name. */
const pinned = (image: string): boolean =>
  /@sha256:[0-9a-f]{64}$/.test(image) || /:[^/:]*\d[^/:]*$/.test(image.replace(/:latest$/, ""));

/** The variables an ENV (`A=1 B=2`, or the old `A 1`) or ARG (`A`, `A=1`) declares. */
function declaredNames(keyword: string, args: string): string[] {
  const first = args.trim().split(/[=\s]/)[0] ?? "";
  if (keyword === "ARG") return [first];
  const names = Array.from(args.matchAll(/(?:^|\s)([A-Za-z_]\w*)=/g), (m) => m[1] ?? "");
  return names.length > 0 ? names : [first];
}

/** What the code reads from the repository at run time, so the runtime image must carry it. */
const RUNTIME_DATA = [
  "turbo.json",
  "infra/postgres",
  "infra/kafka",
  "infra/vault",
  "infra/tools/src/compose",
  "packages/kit/migrations",
  "prisma/migrations",
];

/**
 * The Dockerfile, statically: stages compose builds exist, every COPY source exists in the build
 * context, images are pinned, nothing secret is baked in, the runtime runs as a non-root user.
 */
export function checkDockerfile(views: ComposeViews, input: ComposeInput): string[] {
  const problems: string[] = [];
  const { stages } = parseDockerfile(input.dockerfile);
  const seen = new Set<string>();
  for (const stage of stages) {
    const say = (text: string) => problems.push(`Dockerfile stage ${stage.name}: ${text}`);
    if (!seen.has(stage.from) && !pinned(stage.from)) say(`base image ${stage.from} is not pinned`);
    for (const { keyword, args, line } of stage.instructions) {
      const at = `line ${line}`;
      if (keyword === "ENV" || keyword === "ARG") {
        for (const name of declaredNames(keyword, args).filter((n) => SECRET_NAME.test(n))) {
          say(`${at}: ${keyword} ${name} would bake a secret into the image`);
        }
      }
      if (keyword !== "COPY" && keyword !== "ADD") continue;
      const { flags, words } = splitFlags(args);
      if (flags.from !== undefined) {
        if (!seen.has(flags.from)) say(`${at}: COPY --from=${flags.from} names no earlier stage`);
        continue;
      }
      for (const source of words.slice(0, -1)) {
        const path = source === "." || source === "./" ? "." : source.replace(/^\.\//, "");
        if (path !== "." && !input.exists(path)) say(`${at}: COPY source ${source} does not exist`);
        else if (path !== "." && dockerIgnored(input.dockerignore, path)) {
          say(`${at}: COPY source ${source} is excluded by .dockerignore`);
        }
      }
    }
    seen.add(stage.name);
  }

  const stageNames = new Set(stages.map((s) => s.name));
  for (const [name, service] of Object.entries(views.resolved.services)) {
    const target = buildTargetOf(service);
    if (service.build !== undefined && (target === undefined || !stageNames.has(target))) {
      problems.push(`${name}: build target ${target ?? "(none)"} is not a stage of the Dockerfile`);
    }
    if (service.build === undefined && !pinned(service.image ?? "")) {
      problems.push(`${name}: image ${service.image ?? "(none)"} is not pinned to a version`);
    }
    const platform = stages.find((s) => s.name === target)?.platform;
    if (platform !== undefined && service.platform !== platform) {
      problems.push(`${name}: platform must be ${platform}, as the Dockerfile builds it`);
    }
  }

  const runtime = stages.find((s) => s.name === "runtime");
  const user = runtime?.instructions
    .filter((i) => i.keyword === "USER")
    .at(-1)
    ?.args.trim();
  if (!user || /^(root|0)(:|$)/.test(user))
    problems.push("Dockerfile stage runtime: must end as a non-root USER");
  const npm = /npm@(\d[\w.-]*)/.exec(input.dockerfile)?.[1];
  if (`npm@${npm ?? "?"}` !== input.packageManager) {
    problems.push(
      `Dockerfile: installs npm@${npm ?? "(none)"}, but package.json says ${input.packageManager}`,
    );
  }
  for (const path of RUNTIME_DATA) {
    if (!input.dockerfile.includes(path))
      problems.push(`Dockerfile: the runtime image needs ${path}`);
  }
  if (input.dockerfile.includes("asyncapi.internal")) {
    problems.push("Dockerfile: the internal event catalogue must never be published");
  }
  return problems;
}

/** Secrets and host build output stay out of the build context and out of git. */
export function checkIgnoreFiles(input: ComposeInput): string[] {
  const problems: string[] = [];
  for (const path of [
    ".env",
    ".git",
    "node_modules",
    "auth-service/node_modules",
    "packages/kit/dist",
  ]) {
    if (!dockerIgnored(input.dockerignore, path))
      problems.push(`.dockerignore: must exclude ${path}`);
  }
  if (!input.gitignore.split(/\r?\n/).some((line) => line.trim() === ".env")) {
    problems.push(".gitignore: must ignore .env");
  }
  return problems;
}
