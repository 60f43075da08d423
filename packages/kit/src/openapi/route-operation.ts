import { STATUS_CODES } from "node:http";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiParameters,
  ZodOpenApiResponseObject,
} from "zod-openapi";
import { PROBLEM_CONTENT_TYPE } from "../errors";
import { problemSchema } from "./problem-schema";
import { BEARER_SCHEME, type RouteSpec } from "./route-spec";

const SEGMENT = /^(?:[A-Za-z0-9._~-]+|:[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Express's `/:id` as OpenAPI's `/{id}`. Only literal segments and whole-segment parameters
 * are allowed: wildcards and optional groups have no faithful OpenAPI form, and a path the
 * document cannot state exactly would make the two disagree.
 */
export function toOpenApiPath(basePath: string, path: string): { path: string; params: string[] } {
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
  if (spec.auth !== "none") {
    const role = out.get(403);
    out.set(403, role === undefined ? scopeProblem(spec) : `${role} ${scopeProblem(spec)}`);
  }
  return out;
}

const scopeProblem = ({ scope }: RouteSpec): string =>
  scope === undefined
    ? "API tokens are refused: a session token only (`insufficient_scope`)."
    : `An API token without the scope \`${scope}\` (\`insufficient_scope\`).`;

const problemResponse = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

export function toOperation(area: string, spec: RouteSpec): ZodOpenApiOperationObject {
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
  if (spec.auth !== "none") {
    operation.security = [{ [BEARER_SCHEME]: spec.scope === undefined ? [] : [spec.scope] }];
  }

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
