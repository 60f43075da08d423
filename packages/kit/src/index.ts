// Public API of the service kit. Import from "@turnout/kit" only, never deep paths.
export * from "./config";
export * from "./context";
export * from "./logging";
export * from "./errors";
export * from "./http";
export * from "./health";
export * from "./metrics";
export * from "./lifecycle";
export * from "./data";
export * from "./auth";
export * from "./tickets";
export * from "./kafka";
export * from "./vault";
export * from "./runtime";
export * from "./openapi";
export * from "./housekeeping";
export * from "./calendar";
