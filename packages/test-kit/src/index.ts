export * from "./wait-for";
export * from "./unique";
export * from "./token-minter";
