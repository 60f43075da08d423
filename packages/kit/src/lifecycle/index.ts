export * from "./http-server";
export * from "./shutdown";
export * from "./pass-loop";
