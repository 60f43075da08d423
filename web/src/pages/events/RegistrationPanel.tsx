import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import type { TurnoutEvent } from "../../api/events";
import { newIdempotencyKey } from "../../api/idempotency-key";
import {
  cancelRegistration,
  isActive,
  type Registration,
  register,
  ticketCode,
} from "../../api/registrations";
import { useSession } from "../../auth/use-session";
import { ConfirmButton } from "../../components/ConfirmButton";
import { ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { useAvailability } from "./SeatsLeft";
import { useMyRegistrations, useRememberRegistration } from "./use-my-registrations";

function statusMessage(registration: Registration): string {
  switch (registration.status) {
    case "confirmed":
      return registration.checked_in_at
        ? "You're checked in. Enjoy the event!"
        : "You're registered: your seat is confirmed.";
    case "pending":
      return "Your seat is held while the organizer reviews your request.";
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

function registerLabel(event: TurnoutEvent, seatsAvailable: number | undefined): string {
  if (seatsAvailable === 0) return "Join the waitlist";
  return event.requires_approval ? "Request a seat" : "Register";
}

/** The signed-in attendee's side of an event: sign up, where they stand, cancel. */
export function RegistrationPanel({ event }: { event: TurnoutEvent }) {
  const session = useSession();
  const mine = useMyRegistrations();
  const remember = useRememberRegistration();
  const seatsAvailable = useAvailability(event).data?.seats_available ?? event.seats_available;
  // One key per sign-up attempt: a retry after a lost reply is answered, not doubled.
  const key = useRef<string | undefined>(undefined);

  const signUp = useMutation({
    mutationFn: () => register(event.id, (key.current ??= newIdempotencyKey())),
    onSuccess: (registration) => {
      key.current = undefined;
      remember(registration);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status !== undefined) key.current = undefined;
      if (error instanceof ApiError && error.code === "already_registered") void mine.refetch();
    },
  });
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
    return (
      <div className="registration-panel">
        <p role="status" className={`registration-status status-${active.status}`}>
          {statusMessage(active)}
        </p>
        <p className="ticket">
          Ticket code <strong>{ticketCode(active.id)}</strong>
        </p>
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
        <button
          type="button"
          className="button"
          disabled={signUp.isPending}
          onClick={() => {
            signUp.mutate();
          }}
        >
          {signUp.isPending ? "Registering…" : registerLabel(event, seatsAvailable)}
        </button>
      ) : null}
      <InlineError error={signUp.error} />
    </div>
  );
}
