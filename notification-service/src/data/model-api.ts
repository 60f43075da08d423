import type { PrismaClient } from "../generated/prisma/client";

/**
 * Prisma's model API, for single-table statements on the pool. Prisma runs them on a connection
 * of its own, so inside a unit of work (where repositories get no client) they would escape the
 * transaction: asking for it there is a programming error.
 */
export function modelApi(prisma: PrismaClient | undefined): PrismaClient {
  if (prisma === undefined) {
    throw new Error("Prisma's model API is not available inside a unit of work; use a statement");
  }
  return prisma;
}
