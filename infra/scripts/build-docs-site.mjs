// Builds the published API docs the gateway serves from DOCS_ROOT (infra/nginx/gateway.conf.template):
//   /api/docs/         -> <out>/index.html, a Swagger UI page over every service's OpenAPI document
//   /api/docs/<file>   -> <out>/<file>, the viewer's assets, copied from swagger-ui-dist (no CDN)
//   /api/asyncapi.json -> <out>/asyncapi.json, the public event catalogue
//   /api/schemas/<f>   -> <out>/schemas/<f>, the public types' JSON Schemas and their index.json
// The folder holds published docs only: the internal catalogue (docs/asyncapi.internal.json)
// and the internal types' schemas never go in. Usage: node infra/scripts/build-docs-site.mjs [--out DIR] (default
// .turnout/docs-site, where the local runner points DOCS_ROOT).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const fail = (message) => {
  console.error(`build-docs-site: ${message}`);
  process.exit(1);
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = resolve(root, values.out ?? ".turnout/docs-site");

// The folder is emptied on every build, so it must be one this script owns: never the
// repository, its docs/ (which holds the internal catalogue) or a folder with other content.
const MARKER = ".turnout-docs-site";
const inside = (child, parent) => {
  const path = relative(parent, child);
  return !(path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path));
};
if (inside(root, out) || inside(out, join(root, "docs"))) {
  fail(`refusing to build the docs site into ${out}`);
}
if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER))) {
  fail(`${out} has files this script did not write; choose an empty or new folder`);
}

// swagger-ui-dist is a dependency of the web workspace, whose build ships next to these docs.
const require = createRequire(join(root, "web", "package.json"));
const swaggerUi = dirname(require.resolve("swagger-ui-dist/package.json"));
const swaggerVersion = JSON.parse(readFileSync(join(swaggerUi, "package.json"), "utf8")).version;

const { services } = JSON.parse(readFileSync(join(root, "infra/postgres/services.json"), "utf8"));
// Every API area, a service's further ones (the notification service's webhooks) included.
const areas = services.flatMap((s) => [s.area, ...(s.more_areas ?? [])]);

const catalogue = readFileSync(join(root, "docs", "asyncapi.json"), "utf8");
if (typeof JSON.parse(catalogue).asyncapi !== "string") {
  fail("docs/asyncapi.json is not an AsyncAPI document");
}

// The public types of docs/schemas/index.json: an index of those only, and their files.
const schemaIndex = JSON.parse(readFileSync(join(root, "docs", "schemas", "index.json"), "utf8"));
const publicTypes = schemaIndex.types.filter((entry) => entry.audience === "public");
if (publicTypes.length === 0 || publicTypes.some((e) => !/^[a-z0-9.-]+\.json$/.test(e.schema))) {
  fail("docs/schemas/index.json lists no public type or an unexpected file name");
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, MARKER),
  "Written by infra/scripts/build-docs-site.mjs; rebuilt from scratch.\n",
);

// The viewer itself, without its source maps (served as JSON they would only add weight) and
// without its sample index.html/swagger-initializer.js (which point at the public petstore).
const ASSETS = {
  "swagger-ui.css": "swagger-ui.css",
  "swagger-ui-bundle.js": "swagger-ui-bundle.js",
  "swagger-ui-standalone-preset.js": "swagger-ui-standalone-preset.js",
  "favicon-32x32.png": "favicon-32x32.png",
  "favicon-16x16.png": "favicon-16x16.png",
  // Apache-2.0: the licence and notice travel with the copies; the bundles name their files.
  LICENSE: "swagger-ui-LICENSE.txt",
  NOTICE: "swagger-ui-NOTICE.txt",
  "swagger-ui-bundle.js.LICENSE.txt": "swagger-ui-bundle.js.LICENSE.txt",
  "swagger-ui-standalone-preset.js.LICENSE.txt": "swagger-ui-standalone-preset.js.LICENSE.txt",
};
for (const [from, to] of Object.entries(ASSETS)) {
  copyFileSync(join(swaggerUi, from), join(out, to));
}

writeFileSync(join(out, "asyncapi.json"), catalogue);

mkdirSync(join(out, "schemas"));
for (const { schema } of publicTypes) {
  copyFileSync(join(root, "docs", "schemas", schema), join(out, "schemas", schema));
}
writeFileSync(
  join(out, "schemas", "index.json"),
  `${JSON.stringify({ ...schemaIndex, types: publicTypes }, null, 2)}\n`,
);

const definitions = areas.map((area) => ({ url: `/api/v1/${area}/openapi.json`, name: area }));

// The gateway's CSP allows scripts from 'self' only, so the configuration is a file of its own
// rather than an inline <script>.
writeFileSync(
  join(out, "docs-init.js"),
  `// Generated by infra/scripts/build-docs-site.mjs.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    urls: ${JSON.stringify(definitions)},
    "urls.primaryName": ${JSON.stringify(areas[0])},
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // Nothing leaves the site: no call to the public validator badge service.
    validatorUrl: null,
    // A token pasted into Authorize is gone when the tab closes.
    persistAuthorization: false,
  });
});
`,
);

writeFileSync(
  join(out, "docs.css"),
  `/* Generated by infra/scripts/build-docs-site.mjs. */
html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.docs-header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline;
  padding: 0.75rem 1.25rem; background: #1c1b29; color: #fff; }
.docs-header h1 { margin: 0; font-size: 1.2rem; }
.docs-header a { color: #c7c4ff; }
.docs-header p { margin: 0; }
`,
);

const links = definitions
  .map((d) => `        <li><a href="${d.url}">${d.name}</a></li>`)
  .join("\n");
writeFileSync(
  join(out, "index.html"),
  `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="generator" content="infra/scripts/build-docs-site.mjs, swagger-ui-dist ${swaggerVersion}" />
    <title>Turnout API documentation</title>
    <link rel="stylesheet" href="swagger-ui.css" />
    <link rel="stylesheet" href="docs.css" />
    <link rel="icon" type="image/png" href="favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <header class="docs-header">
      <h1>Turnout API documentation</h1>
      <p>HTTP APIs below (pick one under <em>Select a definition</em>).</p>
      <p>Events on Kafka: <a href="/api/asyncapi.json">AsyncAPI catalogue</a>, <a href="/api/schemas/index.json">JSON Schemas</a>.</p>
      <p><a href="/">Back to Turnout</a></p>
    </header>
    <main id="swagger-ui"></main>
    <noscript>
      <p>The viewer needs JavaScript. The OpenAPI documents themselves:</p>
      <ul>
${links}
      </ul>
    </noscript>
    <script src="swagger-ui-bundle.js"></script>
    <script src="swagger-ui-standalone-preset.js"></script>
    <script src="docs-init.js"></script>
  </body>
</html>
`,
);

console.log(`docs site written to ${relative(process.cwd(), out) || "."} (${areas.join(", ")})`);
