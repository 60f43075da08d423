import type { Keyset } from "../data/registration-rows";
import { visibleRegistration } from "./access";
import type { RegistrationDeps } from "./deps";
import type { Caller, Registration, RegistrationStatus } from "./registration";

export interface PageRequest {
  status?: RegistrationStatus | undefined;
  after?: Keyset | undefined;
  limit: number;
}

export async function getRegistration(
  deps: RegistrationDeps,
  caller: Caller,
  id: string,
): Promise<Registration> {
  return (await visibleRegistration(deps, caller, id)).registration;
}

/** The caller's own registrations, newest first. */
export function listMyRegistrations(
  deps: RegistrationDeps,
  caller: Caller,
  page: PageRequest,
): Promise<Registration[]> {
  return deps.data.repos.registrations.listForUser(caller.id, page);
}
