import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import { requireRole } from "../auth/auth-middleware";
import { requireScope } from "../auth/scope-middleware";
import { validationFailed, zodIssuesToFieldErrors } from "../errors";
import { toOpenApiPath, toOperation } from "./route-operation";
import {
  BEARER_SCHEME,
  type OpenApiDocument,
  type RequestSpec,
  type RouteHandler,
  type RouteInput,
  type RouteSpec,
} from "./route-spec";

/** `info.version` of every service's document: the `/api/v1` contract. */
export const API_VERSION = "1.0.0";

export interface ServiceApiOptions {
  /** Gateway area (`events`): routes live under `/api/v1/<area>`. */
  area: string;
  /** `info.version`; {@link API_VERSION} unless set. */
  version?: string;
  description?: string;
  /** Verifies access tokens; required as soon as a route has `auth` other than `"none"`. */
  authenticate?: RequestHandler;
}

export interface ServiceApi {
  readonly area: string;
  /** `/api/v1/<area>`: mount {@link router} here. */
  readonly basePath: string;
  /** Holds every registered route, `GET /openapi.json` first. */
  readonly router: Router;
  /** Adds the route to the router and to the document, from the one spec. */
  route<S extends RouteSpec>(spec: S, handler: RouteHandler<S>): ServiceApi;
  /** The OpenAPI 3.1 document of every route registered so far. */
  document(): OpenApiDocument;
}

const DETAIL = {
  params: "The path parameters are not valid.",
  query: "The query parameters are not valid.",
  body: "The request body is not valid.",
} as const;

async function parsePart(part: keyof typeof DETAIL, schema: z.ZodType, value: unknown) {
  const result = await schema.safeParseAsync(value);
  if (!result.success) {
    throw validationFailed(zodIssuesToFieldErrors(result.error.issues), DETAIL[part]);
  }
  return result.data;
}

/** Parses with exactly the schemas the document shows; path, then query, then body. */
async function parseInput(request: RequestSpec | undefined, req: Request) {
  return {
    params: request?.params ? await parsePart("params", request.params, req.params) : undefined,
    query: request?.query ? await parsePart("query", request.query, req.query) : undefined,
    body: request?.body ? await parsePart("body", request.body, req.body) : undefined,
  };
}

/** The document's own route describes its reply loosely: it is OpenAPI, not ours to schema. */
const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ description: "An OpenAPI 3.1 document." });

/**
 * One service's public HTTP API: an Express router plus its OpenAPI 3.1 document, both fed
 * by `route()` so the zod schemas that validate a request are the ones documented, and the
 * auth a route declares is the auth it enforces. `GET /openapi.json` serves the document.
 */
export function createServiceApi(options: ServiceApiOptions): ServiceApi {
  const { area } = options;
  const basePath = `/api/v1/${area}`;
  const router = Router();
  const paths: ZodOpenApiPathsObject = {};
  let cached: OpenApiDocument | undefined;

  const build = (): OpenApiDocument =>
    createDocument({
      openapi: "3.1.0",
      info: {
        title: `Turnout ${area} API`,
        version: options.version ?? API_VERSION,
        ...(options.description === undefined ? {} : { description: options.description }),
      },
      servers: [{ url: "/" }],
      paths,
      components: {
        securitySchemes: {
          [BEARER_SCHEME]: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description: "An access token from `POST /api/v1/auth/login`.",
          },
        },
      },
    });

  const api: ServiceApi = {
    area,
    basePath,
    router,
    route(spec, handler) {
      const where = `${spec.method.toUpperCase()} ${basePath}${spec.path}`;
      const { path, params } = toOpenApiPath(basePath, spec.path);
      const declared = Object.keys(spec.request?.params?.shape ?? {});
      if (declared.length !== params.length || params.some((name) => !declared.includes(name))) {
        throw new Error(`${where}: request.params must declare exactly [${params.join(", ")}]`);
      }
      const item = (paths[path] ??= {});
      if (item[spec.method]) throw new Error(`${where} is registered twice`);

      const chain: RequestHandler[] = [];
      if (spec.auth !== "none") {
        if (!options.authenticate) {
          throw new Error(`${where} needs authentication: pass authenticate to createServiceApi`);
        }
        // Right after authentication: a token without the scope learns nothing more.
        chain.push(options.authenticate, requireScope(spec.scope));
      }
      if (typeof spec.auth === "object") chain.push(requireRole(...spec.auth.roles));
      chain.push(...(spec.middleware ?? []));
      chain.push(async (req, res, next) => {
        const input = (await parseInput(spec.request, req)) as RouteInput<typeof spec>;
        await handler(input, req, res, next);
      });

      item[spec.method] = toOperation(area, spec);
      router.route(spec.path)[spec.method](...chain);
      cached = undefined;
      return api;
    },
    document() {
      cached ??= build();
      return cached;
    },
  };

  api.route(
    {
      method: "get",
      path: "/openapi.json",
      summary: `The OpenAPI document of the ${area} API`,
      tags: ["meta"],
      auth: "none",
      responses: { 200: { description: "This document.", schema: openApiDocumentSchema } },
    },
    (_input, _req, res) => {
      res.json(api.document());
    },
  );
  return api;
}
