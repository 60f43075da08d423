export * from "./ticket-code";
