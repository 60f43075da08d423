export * from "./problem-schema";
export * from "./service-api";
