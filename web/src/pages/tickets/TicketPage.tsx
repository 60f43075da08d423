import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { getEvent, type TurnoutEvent } from "../../api/events";
import { getRegistration, type Registration } from "../../api/registrations";
import { getMyProfile } from "../../api/users";
import { ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { PROFILE_KEY } from "../account/AvatarForm";
import { CalendarActions } from "./CalendarActions";
import { TicketCard } from "./TicketCard";

/** Why a booking shows no QR code, in plain words; undefined when it has tickets. */
function noTicketsReason(registration: Registration, event: TurnoutEvent): string | undefined {
  if (event.status === "cancelled") return "This event is cancelled: its tickets are void.";
  switch (registration.status) {
    case "confirmed":
      return undefined;
    case "waitlisted":
      return registration.waitlist_position
        ? `You're number ${registration.waitlist_position} on the waitlist. Your tickets appear here as soon as a seat is yours.`
        : "You're on the waitlist. Your tickets appear here as soon as a seat is yours.";
    case "pending":
      return "The organizer is reviewing your request. Your tickets appear here once it is approved.";
    case "reserving":
      return "Your seats are still being saved. Reload the page in a moment.";
    case "rejected":
      return "The organizer did not approve this request, so there are no tickets.";
    default:
      return "This registration is cancelled: its tickets are void and will be refused at the door.";
  }
}

function Tickets({ registration, event }: { registration: Registration; event: TurnoutEvent }) {
  const profile = useQuery({ queryKey: PROFILE_KEY, queryFn: getMyProfile });
  const typeName = event.ticket_types.find((t) => t.id === registration.ticket_type_id)?.name;
  const reason = noTicketsReason(registration, event);
  const active = registration.seats
    .map((seat, i) => ({ seat, position: i + 1 }))
    .filter(({ seat }) => seat.status !== "cancelled");
  if (reason || active.length === 0) {
    return (
      <p role="status" className="notice">
        {reason ?? "Every seat of this booking is cancelled: there are no tickets left."}
      </p>
    );
  }
  return (
    <>
      {registration.checked_in_at ? (
        <p role="status" className="notice notice-ok">
          You're checked in. Enjoy the event!
        </p>
      ) : (
        <p className="muted no-print">
          Show a ticket at the door, on your phone or printed: one QR code per seat.
        </p>
      )}
      <CalendarActions
        event={event}
        registrationId={registration.id}
        typeName={typeName}
        seats={active.length}
      />
      <div className="ticket-list">
        {active.map(({ seat, position }) => (
          <TicketCard
            key={seat.id}
            event={event}
            seat={seat}
            position={position}
            seats={registration.seats.length}
            typeName={typeName}
            accountName={profile.data?.display_name}
          />
        ))}
      </div>
      <p className="no-print">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            window.print();
          }}
        >
          Print tickets
        </button>
      </p>
    </>
  );
}

/** `/tickets/:registrationId`: the holder's tickets for one booking, one QR code per seat. */
export function TicketPage() {
  const { registrationId = "" } = useParams();
  const registration = useQuery({
    queryKey: ["me", "registration", registrationId],
    queryFn: () => getRegistration(registrationId),
  });
  const eventId = registration.data?.event_id;
  const event = useQuery({
    queryKey: ["event", eventId],
    queryFn: ({ signal }) => getEvent(eventId ?? "", signal),
    enabled: eventId !== undefined,
  });
  usePageTitle(event.data ? `Tickets for ${event.data.title}` : "Tickets");

  let body;
  if (registration.isError || event.isError) {
    body = (
      <ErrorNotice
        title="Your tickets could not be loaded."
        error={registration.error ?? event.error}
        onRetry={() => {
          void registration.refetch();
          void event.refetch();
        }}
      />
    );
  } else if (!registration.data || !event.data) {
    body = <Loading>Loading your tickets…</Loading>;
  } else {
    body = <Tickets registration={registration.data} event={event.data} />;
  }
  return (
    <section className="page ticket-page" aria-labelledby="page-title">
      <p className="no-print">
        <Link to="/my/registrations">← My registrations</Link>
      </p>
      <h1 id="page-title">
        {event.data ? (
          <>
            Tickets for <Link to={`/events/${event.data.id}`}>{event.data.title}</Link>
          </>
        ) : (
          "Tickets"
        )}
      </h1>
      {body}
    </section>
  );
}
