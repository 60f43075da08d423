import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import type { TurnoutEvent } from "../../api/events";
import {
  cancelRegistration,
  isActive,
  type Registration,
  ticketCode,
} from "../../api/registrations";
import { useSession } from "../../auth/use-session";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { BookingForm } from "./BookingForm";
import { SeatList } from "./SeatList";
import { useAvailability } from "./SeatsLeft";
import { useMyRegistrations, useRememberRegistration } from "./use-my-registrations";

function statusMessage(registration: Registration): string {
  switch (registration.status) {
    case "confirmed":
      if (registration.checked_in_at) return "You're checked in. Enjoy the event!";
      return registration.quantity > 1
        ? `You're registered: your ${registration.quantity} seats are confirmed.`
        : "You're registered: your seat is confirmed.";
    case "pending":
      return registration.quantity > 1
        ? `Your ${registration.quantity} seats are held while the organizer reviews your request.`
        : "Your seat is held while the organizer reviews your request.";
    case "waitlisted":
      return registration.waitlist_position
        ? `You're number ${registration.waitlist_position} on the waitlist. We'll tell you as soon as a seat is yours.`
        : "You're on the waitlist. We'll tell you as soon as a seat is yours.";
    case "reserving":
      return "Saving your seat…";
    default:
      return "";
  }
}

/** The signed-in attendee's side of an event: sign up, where they stand, cancel. */
export function RegistrationPanel({ event }: { event: TurnoutEvent }) {
  const session = useSession();
  const mine = useMyRegistrations();
  const remember = useRememberRegistration();
  const availability = useAvailability(event).data;
  const seatsByType = new Map(availability?.ticket_types.map((t) => [t.id, t.seats_available]));
  const cancel = useMutation({ mutationFn: cancelRegistration, onSuccess: remember });

  if (!session) {
    return (
      <p>
        <Link className="button" to={`/sign-in?next=${encodeURIComponent(`/events/${event.id}`)}`}>
          Sign in to register
        </Link>
      </p>
    );
  }
  if (mine.isPending) return <Loading>Checking your registration…</Loading>;
  if (mine.isError) {
    return (
      <ErrorNotice
        title="Your registration could not be loaded."
        error={mine.error}
        onRetry={() => void mine.refetch()}
      />
    );
  }

  const forEvent = mine.data.filter((r) => r.event_id === event.id);
  const active = forEvent.find(isActive);
  const open = event.status !== "cancelled";

  if (active) {
    const typeName = event.ticket_types.find((t) => t.id === active.ticket_type_id)?.name;
    return (
      <div className="registration-panel">
        <p role="status" className={`registration-status status-${active.status}`}>
          {statusMessage(active)}
        </p>
        <p className="ticket">
          Ticket code <strong>{ticketCode(active.id)}</strong>
          {typeName ? ` · ${typeName}` : ""}
        </p>
        {active.status === "confirmed" ? (
          <p>
            <Link className="button" to={`/tickets/${active.id}`}>
              Show my {active.quantity > 1 ? "tickets" : "ticket"}
            </Link>
          </p>
        ) : null}
        {active.seats.length > 1 || active.seats.some((s) => s.attendee_name) ? (
          <SeatList registration={active} />
        ) : null}
        {active.seats.length > 1 ? (
          <p>
            <Link to="/my/registrations">Cancel a single seat or send one to someone</Link>
          </p>
        ) : null}
        {active.checked_in_at || active.status === "reserving" ? null : (
          <ConfirmButton
            label="Cancel my registration"
            question="Cancel your registration? Your place goes to the next person waiting."
            confirmLabel="Yes, cancel it"
            busy={cancel.isPending}
            onConfirm={() => {
              cancel.mutate(active.id);
            }}
          />
        )}
        <InlineError error={cancel.error} />
      </div>
    );
  }
  const last = forEvent[0];
  return (
    <div className="registration-panel">
      {/* Kept in place (empty) so the outcome of a sign-up is announced when it appears. */}
      <p role="status" className="registration-status">
        {last?.status === "rejected" ? "The organizer did not approve your last request." : ""}
        {last?.status === "cancelled" ? "Your registration is cancelled." : ""}
      </p>
      {open ? (
        <BookingForm
          event={event}
          seatsAvailable={availability?.seats_available ?? event.seats_available}
          seatsByType={seatsByType}
          onBooked={remember}
          onAlreadyRegistered={() => void mine.refetch()}
        />
      ) : null}
    </div>
  );
}
