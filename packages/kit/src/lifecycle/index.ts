export * from "./http-server";
export * from "./shutdown";
