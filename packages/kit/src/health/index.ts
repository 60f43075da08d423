export * from "./health-routes";
