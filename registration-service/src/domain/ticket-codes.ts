import type { Logger } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import type { RegistrationView } from "./registration-view";
import type { Tickets } from "./tickets";

export interface TicketCodeDeps {
  data: ServiceDatabase;
  tickets: Tickets;
  logger: Logger;
}

/**
 * The views with `ticket_code` set on every active seat of a confirmed booking (docs/tickets.md).
 * One query for all the views' facts, none when no seat has a ticket; codes are signed on every
 * reply (Ed25519 is deterministic: the same facts and key give the same code). The holder is the
 * seat's attendee name, else the account's display name, else "" (the code still scans; the
 * scanner then shows the ticket type only). A booking whose event copy is missing, or a signing
 * key Vault cannot give, leaves the codes null and is logged: a reply is never refused for it.
 */
export async function withTicketCodes<V extends RegistrationView>(
  deps: TicketCodeDeps,
  views: V[],
): Promise<V[]> {
  const ticketed = views.filter(
    (view) => view.status === "confirmed" && view.seats.some((seat) => seat.status === "confirmed"),
  );
  if (ticketed.length === 0) return views;
  const facts = await deps.data.repos.ticketFacts.of(ticketed.map((view) => view.id));
  try {
    return await Promise.all(
      views.map(async (view) => {
        const fact = facts.get(view.id);
        if (view.status !== "confirmed" || !fact?.eventEndsAt) return view;
        const { eventEndsAt } = fact;
        const seats = await Promise.all(
          view.seats.map(async (seat) =>
            seat.status !== "confirmed"
              ? seat
              : {
                  ...seat,
                  ticket_code: await deps.tickets.code({
                    seatId: seat.id,
                    registrationId: view.id,
                    eventId: view.event_id,
                    ticketTypeId: fact.ticketTypeId ?? "",
                    ticketTypeName: fact.ticketTypeName ?? "",
                    holderName: seat.attendee_name ?? fact.displayName ?? "",
                    confirmedAt: fact.confirmedAt ?? new Date(view.created_at),
                    eventEndsAt,
                  }),
                },
          ),
        );
        return { ...view, seats };
      }),
    );
  } catch (error) {
    deps.logger.error("signing ticket codes failed; the reply carries none", {
      error: String(error),
    });
    return views;
  }
}
