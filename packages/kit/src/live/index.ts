export * from "./pg-listener";
export * from "./sse";
export * from "./stream-slots";
