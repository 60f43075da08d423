export * from "./auth-middleware";
export * from "./key-source";
export * from "./verify-token";
export * from "./revocation-list";
export * from "./revocation-consumer";
export * from "./service-token-client";
export * from "./signing-key-source";
