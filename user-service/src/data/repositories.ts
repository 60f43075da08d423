import { outboxRepository, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";
import { activityRepository } from "./activity";
import { profileSearchRepository } from "./profile-search";
import { profilesRepository } from "./profiles";
import { settingsRepository } from "./settings";

/**
 * The service's repositories on `db` (the pool, or a unit of work's connection). `prisma` is
 * given on the pool only: the methods that use Prisma's model API are for stand-alone calls
 * (the kit's `modelApi`).
 */
export function repositories(db: Db, prisma?: PrismaClient) {
  return {
    profiles: profilesRepository(db, prisma),
    profileSearch: profileSearchRepository(db),
    settings: settingsRepository(db),
    activity: activityRepository(db, prisma),
    outbox: outboxRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
