import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import type { oas31 } from "zod-openapi";
import type { ApiScope } from "../auth/scopes";
import type { Role } from "../auth/verify-token";

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
  /**
   * The API-token scope that opens this route (docs/integrations.md, "Scopes"). Without one,
   * an authenticated route takes session tokens only: every API token gets 403
   * `insufficient_scope`. Session tokens are not affected.
   */
  scope?: ApiScope;
  request?: RequestSpec;
  /** Success (and redirect) replies by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Error statuses the route itself answers (404, 409, 422, ...), optionally with a
   * description naming their codes. 400 for invalid input, 401/403 for auth and 413/415
   * for bodies are added from the rest of the spec; every one is `application/problem+json`.
   */
  problems?: readonly number[] | Readonly<Record<number, string>>;
  /** Run after authentication, scope and role checks and before validation (throttling, idempotency, ...). */
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
