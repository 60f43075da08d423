import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { repoRoot } from "../repo-root";

const servicesFile = z.object({
  database: z.string().regex(/^[a-z_]+$/),
  services: z.array(
    z.object({
      service: z.string(),
      schema: z.string().regex(/^[a-z_]+$/),
      role: z.string().regex(/^[a-z_]+$/),
      port: z.number().int(),
      area: z.string(),
      /** Further API areas the service serves (`/api/v1/<area>`), each with its own document. */
      more_areas: z.array(z.string()).optional(),
    }),
  ),
});

export type ServiceDatabase = z.infer<typeof servicesFile>["services"][number];

/** infra/postgres/services.json: the one list of services, their schema, role, port and area. */
export function readServiceList(): z.infer<typeof servicesFile> {
  const path = join(repoRoot(), "infra", "postgres", "services.json");
  return servicesFile.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** A connection URL for one service's role, derived from any URL that reaches the server. */
export function roleUrl(
  serverUrl: string,
  database: string,
  role: string,
  password: string,
): string {
  const url = new URL(serverUrl);
  url.username = role;
  url.password = password;
  url.pathname = "/" + database;
  url.search = "";
  return url.toString();
}
