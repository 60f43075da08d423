export * from "./wait-for";
export * from "./unique";
export * from "./token-minter";
export * from "./stack";
export * from "./scratch-schema";
export * from "./kafka";
export * from "./service-database";
