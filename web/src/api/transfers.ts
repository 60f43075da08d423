import * as z from "zod/mini";
import { apiJson, apiSend } from "./client";

/** A seat offered to someone by email (docs/booking-model.md, per-seat self-service). */
export const transferSchema = z.object({
  id: z.string(),
  registration_id: z.string(),
  seat_id: z.string(),
  email: z.string(),
  status: z.string(),
  created_at: z.string(),
  // Incoming offers may say more about the event and the sender.
  event_id: z.optional(z.string()),
  attendee_name: z.optional(z.nullable(z.string())),
});
export type Transfer = z.infer<typeof transferSchema>;

const parseTransfer = (body: unknown) => transferSchema.parse(body);
const transferList = z.object({ items: z.array(transferSchema) });

const seatPath = (registrationId: string, seatId: string) =>
  `/api/v1/registrations/${encodeURIComponent(registrationId)}/seats/${encodeURIComponent(seatId)}`;
const transferPath = (id: string) => `/api/v1/registrations/transfers/${encodeURIComponent(id)}`;

export const offerSeat = (registrationId: string, seatId: string, email: string) =>
  apiJson(`${seatPath(registrationId, seatId)}/transfer`, parseTransfer, {
    method: "POST",
    json: { email },
    auth: true,
  });

export const withdrawOffer = (id: string) =>
  apiSend(transferPath(id), { method: "DELETE", auth: true });

/** Offers addressed to the signed-in account's email. */
export const listIncomingOffers = () =>
  apiJson("/api/v1/registrations/transfers", (b) => transferList.parse(b).items, { auth: true });

/** Accepts an offer: the seat becomes a confirmed booking of the signed-in account. */
export const acceptOffer = (id: string) =>
  apiJson(`${transferPath(id)}/accept`, (b) => b, { method: "POST", auth: true });
