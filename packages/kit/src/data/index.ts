export * from "./pg-pool";
export * from "./prisma-client";
