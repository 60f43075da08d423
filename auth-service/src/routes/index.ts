import { Router } from "express";
import type { AppDeps } from "../app";

/** `/api/v1/auth`: the service's public routes (API.md), one file per resource. */
export function publicRoutes(_deps: AppDeps): Router {
  return Router();
}
