export * from "./request-context";
