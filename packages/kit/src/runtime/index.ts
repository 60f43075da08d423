export * from "./service-runtime";
export * from "./readiness-checks";
