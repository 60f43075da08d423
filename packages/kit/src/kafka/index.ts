export * from "./dead-letter";
export * from "./event-consumer";
export * from "./event-handler";
export * from "./kafka-client";
export * from "./outbox";
export * from "./outbox-relay";
export * from "./trace-headers";
export * from "./standalone-relay";
