export * from "./auth-middleware";
export * from "./key-source";
export * from "./verify-token";
