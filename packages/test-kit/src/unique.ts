import { randomUUID } from "node:crypto";

/** Unique data per test, so tests share infrastructure but never each other's rows or topics. */
export const uniqueSuffix = (): string => randomUUID().slice(0, 8);
export const uniqueId = (prefix = "id"): string => `${prefix}-${uniqueSuffix()}`;
export const uniqueEmail = (name = "user"): string => `${name}.${uniqueSuffix()}@example.test`;
export const uniqueUsername = (name = "user"): string => `${name}_${uniqueSuffix()}`;
export const uniqueTopic = (name = "test"): string => `test.${name}.${uniqueSuffix()}`;
export const uniqueGroupId = (name = "test"): string => `test-group.${name}.${uniqueSuffix()}`;
