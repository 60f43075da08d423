export * from "./app-error";
export * from "./error-middleware";
export * from "./problem";
