import { checkDockerfile, checkIgnoreFiles } from "./compose-check-build";
import { checkRuntimeImage } from "./compose-check-image";
import { checkGateway, checkInfrastructure } from "./compose-check-infra";
import { checkServiceNetwork } from "./compose-check-network";
import { checkApplicationServices, checkJobs } from "./compose-check-services";
import { interpolateDocument, references, strings } from "./compose-interpolate";
import {
  dependenciesOf,
  healthTestOf,
  JOBS,
  readShape,
  SECRET_NAME,
  type ComposeFile,
  type ComposeInput,
  type ComposeViews,
} from "./compose-model";
import { schemaProblems } from "./compose-schema";

/**
 * Dependencies that may only wait for "started": Vault answers health only once unsealed, and
 * unsealing it is vault-init's work, so vault-init cannot wait for a healthy Vault.
 */
const STARTED_IS_ENOUGH: Record<string, readonly string[]> = { "vault-init": ["vault"] };

/**
 * Every problem of docker-compose.yml, the Dockerfile and the env file together, one line
 * each; empty when they are consistent. Nothing is started: no Docker engine runs here.
 */
export function checkCompose(input: ComposeInput): string[] {
  const interpolationErrors: string[] = [];
  const resolvedDocument = interpolateDocument(
    input.compose,
    input.envExample,
    interpolationErrors,
  );
  const raw = readShape(input.compose);
  const resolved = readShape(resolvedDocument);
  const problems = [
    ...interpolationErrors.map((error) => `interpolation: ${error}`),
    ...schemaProblems(resolvedDocument),
    ...checkVariables(input),
    ...raw.problems,
  ];
  if (!raw.file || !resolved.file) return problems;
  const views: ComposeViews = { raw: raw.file, resolved: resolved.file };
  return [
    ...problems,
    ...checkLifecycle(views.resolved),
    ...checkApplicationServices(views, input),
    ...checkJobs(views, input),
    ...checkGateway(views, input),
    ...checkServiceNetwork(views, input),
    ...checkInfrastructure(views),
    ...checkDockerfile(views, input),
    ...checkRuntimeImage(input),
    ...checkIgnoreFiles(input),
  ];
}

/**
 * Every variable compose reads is in .env.example (or has a default), every variable of
 * .env.example is used, and secrets are required references (`${X:?...}`) only.
 */
function checkVariables(input: ComposeInput): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [path, value] of strings(input.compose)) {
    for (const ref of references(value)) {
      used.add(ref.name);
      const where = path.join(".");
      if (SECRET_NAME.test(ref.name) && ref.operator !== ":?") {
        problems.push(
          `${where}: ${ref.name} is a secret: write \${${ref.name}:?...}, with no default`,
        );
      }
      const defaulted = ref.operator === ":-" || ref.operator === "-";
      if (!defaulted && !Object.hasOwn(input.envExample, ref.name)) {
        problems.push(`${where}: ${ref.name} is not in .env.example`);
      }
    }
  }
  for (const name of Object.keys(input.envExample)) {
    if (!used.has(name)) problems.push(`.env.example: ${name} is not used by docker-compose.yml`);
  }
  return problems;
}

/**
 * Long-running containers have a healthcheck and restart; jobs run once; every dependency
 * names its condition, and waits for health or for a job's success.
 */
function checkLifecycle(file: ComposeFile): string[] {
  const problems: string[] = [];
  const jobs = new Set<string>(JOBS);
  for (const [name, service] of Object.entries(file.services)) {
    if (jobs.has(name)) {
      if (service.restart !== "no") problems.push(`${name}: a one-shot job needs restart: "no"`);
    } else {
      if (service.healthcheck?.disable === true || healthTestOf(service) === "") {
        problems.push(`${name}: no healthcheck`);
      }
      if (service.restart === undefined || service.restart === "no") {
        problems.push(`${name}: a long-running container needs a restart policy`);
      }
    }
    for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
      const where = `${name}: depends_on ${dependency}`;
      if (!Object.hasOwn(file.services, dependency)) {
        problems.push(`${where}: no such service`);
        continue;
      }
      const wanted = jobs.has(dependency) ? "service_completed_successfully" : "service_healthy";
      const startedOk =
        STARTED_IS_ENOUGH[name]?.includes(dependency) && condition === "service_started";
      if (condition !== wanted && !startedOk) {
        problems.push(`${where}: condition ${condition ?? "(none)"}, wanted ${wanted}`);
      }
    }
  }
  for (const job of JOBS) {
    if (!Object.hasOwn(file.services, job)) problems.push(`${job}: missing`);
  }
  return problems;
}
