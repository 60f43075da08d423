export * from "./create-service-app";
export * from "./json-body";
export * from "./request-id";
