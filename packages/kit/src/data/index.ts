export * from "./database";
export * from "./pg-pool";
export * from "./prisma-client";
export * from "./statement";
