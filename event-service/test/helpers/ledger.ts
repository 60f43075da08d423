import type { Express } from "express";
import type { Server } from "node:http";
import request from "supertest";
import { serviceToken } from "./factories";

export interface LedgerClient {
  reserve(eventId: string, registrationId: string): request.Test;
  release(eventId: string, registrationId: string): request.Test;
}

/** Calls the seat ledger as the registration service does, with its service token. */
export async function ledgerClient(target: Express | Server): Promise<LedgerClient> {
  const token = await serviceToken();
  return {
    reserve: (eventId, registrationId) =>
      request(target)
        .post(`/internal/events/${eventId}/reservations`)
        .set("Authorization", `Bearer ${token}`)
        .send({ registration_id: registrationId }),
    release: (eventId, registrationId) =>
      request(target)
        .delete(`/internal/events/${eventId}/reservations/${registrationId}`)
        .set("Authorization", `Bearer ${token}`),
  };
}
