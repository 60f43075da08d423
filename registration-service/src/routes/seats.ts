import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { cancelSeat } from "../domain/seat-cancel";
import { offerSeat, toTransferView } from "../domain/transfers";
import { registrationReply, registrationSchema } from "./registration-schema";
import { callerOf } from "./registrations";
import { transferSchema } from "./transfers";

const seatParams = z.object({ id: z.uuid(), seat_id: z.uuid() });

const offerBody = z
  .object({
    email: z
      .email()
      .max(254)
      .describe("Who may accept: the account with this email (case-insensitive)."),
  })
  .meta({ id: "OfferSeatRequest" });

const DEADLINE =
  "Attendees may do this until the event's `seat_changes_until` (then 409 " +
  "`seat_changes_closed`); its organizer and admins until the event starts.";

/** `/:id/seats/:seat_id`: one seat of a booking (README, "Per-seat cancel and transfer"). */
export function seatRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "delete",
      path: "/:id/seats/:seat_id",
      summary: "Cancel one seat of a booking (its attendee, the event's organizer or an admin)",
      description:
        "The seat goes back to the ledger at once and the waitlist is offered it; the booking's " +
        "`quantity` drops by one and the seat's open offer, if any, is void. Cancelling the last " +
        "active seat cancels the booking, as `DELETE /{id}` does. A waitlisted booking just gets " +
        `smaller. ${DEADLINE}`,
      auth: "bearer",
      scope: "registrations:write",
      request: { params: seatParams },
      responses: {
        200: {
          description: "The booking as it is now, with its seats.",
          schema: registrationSchema,
        },
      },
      problems: {
        404: "`registration_not_found` (also when the caller may not see it); `seat_not_found`.",
        409:
          "`already_cancelled` (the seat or the booking); `invalid_state` (rejected, being " +
          "settled, or checked in); `seat_changes_closed`.",
        422: "`event_not_open`: the event started or was cancelled.",
      },
    },
    async ({ params }, _req, res) => {
      const registration = await cancelSeat(deps, callerOf(res), params.id, params.seat_id);
      res.json(await registrationReply(deps, registration));
    },
  );

  api.route(
    {
      method: "post",
      path: "/:id/seats/:seat_id/transfer",
      summary: "Offer one seat of a confirmed booking to someone by email",
      description:
        "Nothing moves until the account with that email accepts " +
        "(`POST /transfers/{transfer_id}/accept`); withdraw with `DELETE /transfers/{transfer_id}`. " +
        "The address is mailed (sign in, or sign up with it, to accept). One open offer per " +
        "seat; one account may have at most `TRANSFER_MAX_OPEN_OFFERS_PER_USER` offers open and " +
        `make at most \`TRANSFER_MAX_OFFERS_PER_HOUR\` per hour. ${DEADLINE}`,
      auth: "bearer",
      scope: "registrations:write",
      request: { params: seatParams, body: offerBody },
      responses: { 201: { description: "The offer.", schema: transferSchema } },
      problems: {
        404: "`registration_not_found` (also when the caller may not see it); `seat_not_found`.",
        409:
          "`transfer_pending` (the seat is already offered); `already_cancelled`; " +
          "`invalid_state` (the booking is not confirmed, or checked in); `seat_changes_closed`.",
        422: "`transfer_to_self` (the booking's own account's email); `event_not_open`.",
        429:
          "`too_many_offers`: the caller has the most open offers one account may have, or " +
          "made the most offers one account may make in an hour (`Retry-After`).",
      },
    },
    async ({ params, body }, _req, res) => {
      const offer = await offerSeat(deps, callerOf(res), params.id, params.seat_id, body.email);
      res.status(201).json(toTransferView(offer));
    },
  );
}
