import { randomUUID } from "node:crypto";
import { stackTokenMinter, uniqueEmail, uniqueUsername, type TokenMinter } from "@turnout/test-kit";
import type { PrismaClient } from "../../src/generated/prisma/client";

let minter: Promise<TokenMinter> | undefined;

/** A bearer header for `sub` with `roles`, signed with the stack's key as auth would. */
export async function bearer(sub: string, roles: string[] = ["attendee"]): Promise<string> {
  minter ??= stackTokenMinter();
  return `Bearer ${await (await minter).mint({ sub, roles })}`;
}

export interface TestProfile {
  id: string;
  email: string;
  username: string;
  displayName: string;
}

/** A profile as `user-registered` would have created it, written straight to the table. */
export async function createProfile(
  prisma: PrismaClient,
  overrides: Partial<TestProfile> = {},
): Promise<TestProfile> {
  const now = new Date();
  const profile = {
    id: randomUUID(),
    email: uniqueEmail("profile"),
    username: uniqueUsername("p").toLowerCase(),
    displayName: "Test Person",
    ...overrides,
  };
  await prisma.profile.create({ data: { ...profile, createdAt: now, updatedAt: now } });
  return profile;
}
