export * from "./vault-client";
