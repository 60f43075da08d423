import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { cancelSeat, type Registration, type Seat } from "../../api/registrations";
import { offerSeat, type Transfer, withdrawOffer } from "../../api/transfers";
import { ConfirmButton } from "../../components/ConfirmButton";
import { InlineError } from "../../components/feedback";
import { statusLabel } from "../../components/RegistrationStatus";
import { TextField } from "../../forms/fields";
import { formErrorsFrom } from "../../forms/form-errors";
import { useRememberRegistration } from "../events/use-my-registrations";

/**
 * One seat of the attendee's booking: its name and status, cancel it alone, or offer it to
 * someone by email (who accepts from their account). `canChange` is false once seat changes
 * have closed or the booking cannot change.
 */
export function SeatActions({
  registration,
  seat,
  index,
  canChange,
}: {
  registration: Registration;
  seat: Seat;
  index: number;
  canChange: boolean;
}) {
  const queryClient = useQueryClient();
  const remember = useRememberRegistration();
  const name = seat.attendee_name
    ? `seat ${index + 1} (${seat.attendee_name})`
    : `seat ${index + 1}`;
  const [email, setEmail] = useState("");
  const [sending, setSending] = useState(false);
  // The offer just made, until the booking's own read names it.
  const [offered, setOffered] = useState<Transfer | null>(null);
  const pending = seat.transfer?.status === "offered" ? seat.transfer : offered;

  const cancel = useMutation({
    mutationFn: () => cancelSeat(registration.id, seat.id),
    onSuccess: remember,
  });
  const offer = useMutation({
    mutationFn: (to: string) => offerSeat(registration.id, seat.id, to),
    onSuccess: (transfer) => {
      setOffered(transfer);
      setSending(false);
      setEmail("");
      void queryClient.invalidateQueries({ queryKey: ["me", "registrations"] });
    },
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => withdrawOffer(id),
    onSuccess: () => {
      setOffered(null);
      void queryClient.invalidateQueries({ queryKey: ["me", "registrations"] });
    },
  });
  const emailError = offer.error ? formErrorsFrom(offer.error, ["email"]) : undefined;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (email.trim()) offer.mutate(email.trim());
  };
  const active = seat.status !== "cancelled";

  return (
    <li className="seat-row">
      <p>
        <strong>{seat.attendee_name ?? `Seat ${index + 1}`}</strong>{" "}
        <span className={`badge badge-${seat.status}`}>{statusLabel(seat.status)}</span>
        {pending ? (
          <span className="muted"> · offered to {pending.email}, waiting for them to accept</span>
        ) : null}
      </p>
      {active && canChange ? (
        <div className="button-row">
          <ConfirmButton
            label={`Cancel ${name}`}
            question={`Cancel ${name}? It goes to the next person waiting.`}
            confirmLabel="Yes, cancel this seat"
            busy={cancel.isPending}
            onConfirm={() => {
              cancel.mutate();
            }}
          />
          {pending ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={withdraw.isPending}
              onClick={() => {
                withdraw.mutate(pending.id);
              }}
            >
              Withdraw the offer of {name}
            </button>
          ) : registration.status === "confirmed" && !sending ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setSending(true);
              }}
            >
              Send {name} to someone
            </button>
          ) : null}
        </div>
      ) : null}
      {sending && !pending ? (
        <form className="form inline-form" onSubmit={submit} noValidate>
          <TextField
            label={`Email of the person to send ${name} to`}
            type="email"
            autoComplete="email"
            name="email"
            required
            autoFocus
            value={email}
            error={emailError?.fields.email ?? emailError?.form}
            hint="They accept it from their Turnout account with this email."
            onChange={(e) => {
              setEmail(e.target.value);
            }}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={offer.isPending}>
              {offer.isPending ? "Sending…" : "Send the seat"}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setSending(false);
              }}
            >
              Keep it
            </button>
          </div>
        </form>
      ) : null}
      <InlineError error={cancel.error ?? withdraw.error} />
    </li>
  );
}
