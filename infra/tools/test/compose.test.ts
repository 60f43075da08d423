// docker-compose.yml cannot be started here (no Docker engine), so it is checked statically:
// against the Compose Specification's schema, each service's own config schema, the gateway
// template, the shared lists and the Dockerfile. Each rule is also shown to fire on a broken copy.
import { readTopicList } from "@turnout/provisioning";
import { topicPlan } from "../src/compose/kafka-init";
import { checkCompose } from "./compose-check";
import { loadComposeInput } from "./compose-input";
import { containing, problemsAfter, type Doc } from "./compose-problems";

const input = loadComposeInput();

describe("docker-compose.yml", () => {
  it("has no problems", () => {
    expect(checkCompose(input)).toEqual([]);
  });

  it("runs every service of infra/postgres/services.json", () => {
    const services = Object.keys((input.compose as Doc).services);
    for (const { service } of input.serviceList.services) expect(services).toContain(service);
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

  it("a /refresh + /logout zone whose Retry-After or burst is off", () => {
    const problems = problemsAfter((doc) => {
      doc.services.gateway!.environment.SESSION_RATE_LIMIT = "20r/m";
      doc.services.gateway!.environment.SESSION_BURST = "lots";
    });
    expect(problems).toEqual(containing("gateway: SESSION_RETRY_AFTER must be 3"));
    expect(problems).toEqual(containing("gateway: SESSION_BURST must be a whole number"));
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
});
