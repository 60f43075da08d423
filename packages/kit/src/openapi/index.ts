export * from "./problem-schema";
export * from "./service-api";
export * from "./route-spec";
