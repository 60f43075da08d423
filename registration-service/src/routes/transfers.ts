import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { acceptTransfer } from "../domain/transfer-accept";
import { listIncomingTransfers, toTransferView, withdrawTransfer } from "../domain/transfers";
import { registrationReply, registrationSchema } from "./registration-schema";
import { callerOf } from "./registrations";

export const transferSchema = z
  .object({
    id: z.uuid(),
    registration_id: z.uuid().describe("The sender's booking."),
    seat_id: z.uuid(),
    event_id: z.uuid(),
    email: z.string().describe("Who may accept it (lower-cased)."),
    status: z
      .enum(["offered", "accepted", "withdrawn", "void"])
      .describe(
        "`offered` (open), `accepted`, `withdrawn` (by the sender or organizer), `void` (the " +
          "seat or its booking was cancelled).",
      ),
    attendee_name: z
      .string()
      .nullable()
      .describe("The seat's attendee name, if the booking gave one."),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "SeatTransfer", description: "A seat offered to someone by email." });

const transferPage = z.object({ items: z.array(transferSchema) }).meta({ id: "SeatTransferList" });

const transferParams = z.object({ transfer_id: z.uuid() });

/** `/transfers`: seat offers (README, "Per-seat cancel and transfer"). */
export function transferRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/transfers",
      summary: "Open seat offers to my account's email",
      description:
        "Offers whose email is the caller's account email (case-insensitive), oldest first, at " +
        "most 100; an offer whose seat or booking was cancelled since is left out.",
      auth: "bearer",
      scope: "registrations:read",
      responses: { 200: { description: "The offers.", schema: transferPage } },
    },
    async (_input, _req, res) => {
      const items = await listIncomingTransfers(deps, callerOf(res));
      res.json({ items: items.map(toTransferView) });
    },
  );

  api.route(
    {
      method: "delete",
      path: "/transfers/:transfer_id",
      summary: "Withdraw a seat offer (its sender, the event's organizer or an admin)",
      auth: "bearer",
      scope: "registrations:write",
      request: { params: transferParams },
      responses: { 200: { description: "The offer, now `withdrawn`.", schema: transferSchema } },
      problems: {
        404: "`transfer_not_found` (also when the caller may not withdraw it).",
        409: "`invalid_state`: the offer was already accepted, withdrawn or void.",
      },
    },
    async ({ params }, _req, res) => {
      res.json(toTransferView(await withdrawTransfer(deps, callerOf(res), params.transfer_id)));
    },
  );

  api.route(
    {
      method: "post",
      path: "/transfers/:transfer_id/accept",
      summary: "Accept a seat offered to my account's email",
      description:
        "The seat moves into a new `confirmed` booking of the caller (`quantity` 1, the sender's " +
        "type, `transferred_from` the sender's booking). The seat stays held in the ledger: " +
        "nothing is released, so a sold-out event never loses it. The sender's booking gives up " +
        "the seat, or ends `cancelled` (reason `seat_transferred`) when it was its last. " +
        "Attendees may accept until the event's `seat_changes_until` (409 `seat_changes_closed`).",
      auth: "bearer",
      scope: "registrations:write",
      request: { params: transferParams },
      responses: {
        201: {
          description: "The caller's new booking.",
          schema: registrationSchema,
          headers: z.object({ Location: z.string().describe("The booking's URL.") }),
        },
      },
      problems: {
        404: "`transfer_not_found` (also when the offer names another account's email).",
        409:
          "`already_registered` (the caller has an active booking for the event); " +
          "`invalid_state` (the offer is no longer open); `seat_changes_closed`.",
        422: "`event_not_open`: the event started or was cancelled.",
      },
    },
    async ({ params }, _req, res) => {
      const registration = await acceptTransfer(deps, callerOf(res), params.transfer_id);
      res
        .status(201)
        .location(`${api.basePath}/${registration.id}`)
        .json(await registrationReply(deps, registration));
    },
  );
}
