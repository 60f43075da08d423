import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eventRegistry } from "../registry";
import { buildCatalogue, type CatalogueAudience } from "./build-catalogue";
import { renderSchemaFiles } from "./event-schemas";

// Located from this file, not the working directory, so `npm run catalogue` writes the same
// files whether run from the package, the repository root or turbo. src/catalogue and
// dist/catalogue are both four levels below the repository root.
export const REPO_ROOT = path.resolve(__dirname, "../../../..");

export const CATALOGUE_FILES: Readonly<Record<CatalogueAudience, string>> = {
  public: path.join(REPO_ROOT, "docs/asyncapi.json"),
  internal: path.join(REPO_ROOT, "docs/asyncapi.internal.json"),
};

/** One JSON Schema per event type and their index.json (docs/consuming-events.md). */
export const SCHEMA_DIR = path.join(REPO_ROOT, "docs/schemas");

/** The exact text of a catalogue file: 2-space JSON and a final newline. */
export function renderCatalogue(audience: CatalogueAudience): string {
  return `${JSON.stringify(buildCatalogue(eventRegistry, audience), null, 2)}\n`;
}

export function writeCatalogues(): string[] {
  return (["public", "internal"] as const).map((audience) => {
    writeFileSync(CATALOGUE_FILES[audience], renderCatalogue(audience));
    return CATALOGUE_FILES[audience];
  });
}

/** Writes docs/schemas/ afresh: a file no definition generates any more is removed. */
export function writeSchemas(): string[] {
  const files = renderSchemaFiles(eventRegistry);
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const name of readdirSync(SCHEMA_DIR)) {
    if (name.endsWith(".json") && !files.has(name)) rmSync(path.join(SCHEMA_DIR, name));
  }
  return [...files].map(([name, text]) => {
    writeFileSync(path.join(SCHEMA_DIR, name), text);
    return path.join(SCHEMA_DIR, name);
  });
}

if (require.main === module) {
  for (const file of [...writeCatalogues(), ...writeSchemas()]) {
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
