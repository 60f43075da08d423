import type { Express } from "express";
import type { Server } from "node:http";
import request from "supertest";
import { serviceToken } from "./factories";

/** What a reserve may add to `{registration_id}`. */
export interface ReserveOptions {
  ticket_type_id?: string;
  quantity?: number;
  access_code?: string;
  access_code_sha256?: string;
  /** ISO timestamp of when the booking was made. */
  booked_at?: string;
}

export interface LedgerClient {
  reserve(eventId: string, registrationId: string, options?: ReserveOptions): request.Test;
  release(eventId: string, registrationId: string): request.Test;
  releaseSeat(eventId: string, registrationId: string, seatId: string): request.Test;
  /** `GET /internal/events/:id` (`path` "") or `/internal/events/:id/availability`. */
  read(eventId: string, path?: "" | "/availability"): request.Test;
}

/** Calls the seat ledger as the registration service does, with its service token. */
export async function ledgerClient(target: Express | Server): Promise<LedgerClient> {
  const token = await serviceToken();
  return {
    reserve: (eventId, registrationId, options = {}) =>
      request(target)
        .post(`/internal/events/${eventId}/reservations`)
        .set("Authorization", `Bearer ${token}`)
        .send({ registration_id: registrationId, ...options }),
    release: (eventId, registrationId) =>
      request(target)
        .delete(`/internal/events/${eventId}/reservations/${registrationId}`)
        .set("Authorization", `Bearer ${token}`),
    releaseSeat: (eventId, registrationId, seatId) =>
      request(target)
        .delete(`/internal/events/${eventId}/reservations/${registrationId}/seats/${seatId}`)
        .set("Authorization", `Bearer ${token}`),
    read: (eventId, path = "") =>
      request(target)
        .get(`/internal/events/${eventId}${path}`)
        .set("Authorization", `Bearer ${token}`),
  };
}
