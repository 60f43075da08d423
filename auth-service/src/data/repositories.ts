import { outboxRepository, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import { accountRolesRepository } from "./account-roles";
import { apiTokensRepository } from "./api-tokens";
import { expiredRowsRepository } from "./expired-rows";
import { loginThrottleRepository } from "./login-throttle";
import { loginsRepository } from "./logins";
import { oneTimeTokensRepository } from "./one-time-tokens";
import { refreshTokensRepository } from "./refresh-tokens";
import { usersRepository } from "./users";

/**
 * Every auth repository on `db` (the pool, or a unit of work's connection). `prisma` is given
 * on the pool only: the methods that use Prisma's model API are for stand-alone calls.
 */
export function repositories(db: Db, prisma?: PrismaClient) {
  return {
    users: usersRepository(db, prisma),
    accountRoles: accountRolesRepository(db),
    apiTokens: apiTokensRepository(db),
    logins: loginsRepository(db),
    loginThrottle: loginThrottleRepository(db, prisma),
    refreshTokens: refreshTokensRepository(db, prisma),
    oneTimeTokens: oneTimeTokensRepository(db),
    outbox: outboxRepository(db),
    expiredRows: expiredRowsRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
