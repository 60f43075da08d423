import { STATUS_CODES } from "node:http";
import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import { z } from "zod";
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiParameters,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import { requireRole } from "../auth/auth-middleware";
import type { Role } from "../auth/verify-token";
import { PROBLEM_CONTENT_TYPE, validationFailed, zodIssuesToFieldErrors } from "../errors";
import { problemSchema } from "./problem-schema";

/** `info.version` of every service's document: the `/api/v1` contract. */
export const API_VERSION = "1.0.0";
/** Name of the security scheme authenticated routes refer to. */
export const BEARER_SCHEME = "bearer";

export type OpenApiDocument = oas31.OpenAPIObject;
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call a route: anyone, any valid access token, or a token holding one of `roles`.
 * Enforced by the same registration that documents it.
 */
export type RouteAuth = "none" | "bearer" | { readonly roles: readonly Role[] };

export interface ResponseSpec {
  description: string;
  /** Body schema; leave out for bodiless replies (204). */
  schema?: z.ZodType;
  /** Media type of `schema`; `application/json` unless set. */
  contentType?: string;
  /** Response headers (`Location`, `Retry-After`, ...), one property each. */
  headers?: z.ZodObject;
}

/** The schemas that validate a request; the handler receives what they output. */
export interface RequestSpec {
  /** Exactly the `:name` parameters of the path. */
  params?: z.ZodObject;
  /** Query values arrive as strings (or string arrays): use `z.coerce` for numbers. */
  query?: z.ZodObject;
  /** JSON body; optional only when the schema accepts `undefined`. */
  body?: z.ZodType;
}

export interface RouteSpec {
  method: HttpMethod;
  /** Express path relative to the API's base path: `/`, `/:id`, `/:id/approve`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to the area. */
  tags?: readonly string[];
  operationId?: string;
  auth: RouteAuth;
  request?: RequestSpec;
  /** Success (and redirect) replies by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Error statuses the route itself answers (404, 409, 422, ...), optionally with a
   * description naming their codes. 400 for invalid input, 401/403 for auth and 413/415
   * for bodies are added from the rest of the spec; every one is `application/problem+json`.
   */
  problems?: readonly number[] | Readonly<Record<number, string>>;
  /** Run after authentication and before validation (throttling, idempotency, ...). */
  middleware?: readonly RequestHandler[];
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the handler gets: each part parsed by its schema, `undefined` when none is declared. */
export interface RouteInput<S extends RouteSpec> {
  params: S extends { request: { params: infer P } } ? Parsed<P> : undefined;
  query: S extends { request: { query: infer Q } } ? Parsed<Q> : undefined;
  body: S extends { request: { body: infer B } } ? Parsed<B> : undefined;
}

export type RouteHandler<S extends RouteSpec> = (
  input: RouteInput<S>,
  req: Request,
  res: Response,
  next: NextFunction,
) => unknown;

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

const SEGMENT = /^(?:[A-Za-z0-9._~-]+|:[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Express's `/:id` as OpenAPI's `/{id}`. Only literal segments and whole-segment parameters
 * are allowed: wildcards and optional groups have no faithful OpenAPI form, and a path the
 * document cannot state exactly would make the two disagree.
 */
function toOpenApiPath(basePath: string, path: string): { path: string; params: string[] } {
  const segments = path === "/" ? [] : path.split("/").slice(1);
  if (!path.startsWith("/") || segments.some((segment) => !SEGMENT.test(segment))) {
    throw new Error(
      `route path "${path}": use "/" or literal segments and ":name" parameters, no trailing slash`,
    );
  }
  return {
    path:
      basePath + segments.map((s) => (s.startsWith(":") ? `/{${s.slice(1)}}` : `/${s}`)).join(""),
    params: segments.filter((s) => s.startsWith(":")).map((s) => s.slice(1)),
  };
}

const reason = (status: number): string => STATUS_CODES[status] ?? `Status ${status}`;

function problemDescriptions(spec: RouteSpec): Map<number, string> {
  const out = new Map<number, string>();
  const request = spec.request ?? {};
  if (request.params || request.query || request.body) {
    out.set(
      400,
      request.body
        ? "The input is not valid (`validation_failed`, with `errors` per field) or the body is not JSON (`malformed_json`)."
        : "The input is not valid (`validation_failed`, with `errors` per field).",
    );
  }
  if (spec.auth !== "none") {
    out.set(
      401,
      "No access token, or an invalid or expired one (`unauthorized`, `invalid_token`).",
    );
  }
  if (typeof spec.auth === "object") {
    out.set(
      403,
      `The caller holds none of the roles ${spec.auth.roles.join(", ")} (\`forbidden\`).`,
    );
  }
  if (request.body) {
    out.set(413, "The body is too large (`payload_too_large`).");
    out.set(415, "The body is not JSON (`unsupported_media_type`).");
  }
  const explicit = spec.problems ?? [];
  if (Array.isArray(explicit)) {
    for (const status of explicit as readonly number[]) {
      if (!out.has(status)) out.set(status, reason(status));
    }
  } else {
    for (const [status, text] of Object.entries(explicit as Readonly<Record<number, string>>)) {
      out.set(Number(status), `${reason(Number(status))}: ${text}`);
    }
  }
  return out;
}

const problemResponse = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

function toOperation(area: string, spec: RouteSpec): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const entry: ZodOpenApiResponseObject = { description: response.description };
    if (response.schema) {
      entry.content = { [response.contentType ?? "application/json"]: { schema: response.schema } };
    }
    if (response.headers) entry.headers = response.headers;
    responses[status] = entry;
  }
  for (const [status, description] of problemDescriptions(spec)) {
    if (`${status}` in responses) {
      throw new Error(
        `${spec.method} ${spec.path}: status ${status} is both a reply and a problem`,
      );
    }
    responses[`${status}`] = problemResponse(description);
  }
  // Whatever else can happen (a 500, a 503 while shutting down) is still a problem document.
  responses.default = problemResponse("Any other error, such as `internal_error`.");

  const operation: ZodOpenApiOperationObject = {
    summary: spec.summary,
    tags: [...(spec.tags ?? [area])],
    responses,
  };
  if (spec.description !== undefined) operation.description = spec.description;
  if (spec.operationId !== undefined) operation.operationId = spec.operationId;
  if (spec.auth !== "none") operation.security = [{ [BEARER_SCHEME]: [] }];

  const { params, query, body } = spec.request ?? {};
  const requestParams: ZodOpenApiParameters = {};
  if (params) requestParams.path = params;
  if (query) requestParams.query = query;
  if (params || query) operation.requestParams = requestParams;
  if (body) {
    operation.requestBody = {
      // zod marks schemas that accept a missing value (optional, default) this way.
      required: body._zod.optin === undefined,
      content: { "application/json": { schema: body } },
    };
  }
  return operation;
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
        chain.push(options.authenticate);
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
