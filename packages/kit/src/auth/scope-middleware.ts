import type { RequestHandler } from "express";
import { forbidden, type AppError } from "../errors";
import { principalOf } from "./auth-middleware";
import { holdsScope, type ApiScope } from "./scopes";

/**
 * 403 `insufficient_scope` (RFC 6750): an API token without `scope`, or on a route that takes
 * session tokens only (no `scope`).
 */
export function insufficientScope(scope?: ApiScope): AppError {
  return forbidden(
    "insufficient_scope",
    scope === undefined
      ? "API tokens cannot be used here: this needs a signed-in session."
      : `This needs an API token with the scope ${scope}.`,
    {
      headers: {
        "WWW-Authenticate":
          scope === undefined
            ? 'Bearer error="insufficient_scope"'
            : `Bearer error="insufficient_scope", scope="${scope}"`,
      },
    },
  );
}

/**
 * Behind `authenticate`: lets session tokens through, and API tokens only when they hold
 * `scope`. Without `scope` the route refuses every API token (deny by default). `api.route()`
 * adds this itself; use it for routes registered on a plain router.
 */
export function requireScope(scope?: ApiScope): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (principal.scopes === undefined) next();
    else if (scope !== undefined && holdsScope(principal, scope)) next();
    else next(insufficientScope(scope));
  };
}
