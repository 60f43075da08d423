export * from "./purge-config";
export * from "./purge-schedule";
export * from "./purge-metrics";
