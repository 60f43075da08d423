import { useMutation } from "@tanstack/react-query";
import type { Question } from "../../api/events";
import { cancelSeat, isActive, type Registration, type Seat } from "../../api/registrations";
import { ConfirmButton } from "../../components/ConfirmButton";
import { InlineError } from "../../components/feedback";
import { plural } from "../../format";
import { AnswerList } from "./attendee-answers";

const isEmpty = (answers: object) => Object.keys(answers).length === 0;

function SeatItem({
  registration,
  seat,
  index,
  code,
  questions,
  onChanged,
}: {
  registration: Registration;
  seat: Seat;
  index: number;
  code: string;
  questions: Question[];
  onChanged: (reply: Registration) => void;
}) {
  const cancel = useMutation({
    mutationFn: () => cancelSeat(registration.id, seat.id),
    onSuccess: onChanged,
  });
  const name = `seat ${index + 1}${seat.attendee_name ? ` (${seat.attendee_name})` : ""}`;
  const cancelled = seat.status === "cancelled";
  return (
    <li>
      <span>
        {seat.attendee_name ?? `Seat ${index + 1}`}
        {cancelled ? " (cancelled)" : ""}
      </span>
      <AnswerList answers={seat.answers} questions={questions} />
      {!cancelled && isActive(registration) ? (
        <ConfirmButton
          label="Cancel seat"
          name={`Cancel ${name} of ticket ${code}`}
          question={`Cancel ${name} of ticket ${code}? It goes to the next person waiting.`}
          confirmLabel="Yes, cancel this seat"
          className="button button-secondary"
          busy={cancel.isPending}
          onConfirm={() => {
            cancel.mutate();
          }}
        />
      ) : null}
      <InlineError error={cancel.error} />
    </li>
  );
}

/**
 * The seats of one booking on the organizer's list: names and answers, and a confirmed cancel
 * per seat (the organizer may until the event starts; the service checks).
 */
export function AttendeeSeats({
  registration,
  code,
  questions,
  onChanged,
}: {
  registration: Registration;
  code: string;
  questions: Question[];
  onChanged: (reply: Registration) => void;
}) {
  // Seats without names or answers say no more than their number.
  if (registration.seats.every((seat) => !seat.attendee_name && isEmpty(seat.answers)))
    return <>{plural(registration.quantity, "seat")}</>;
  return (
    <ol className="seat-list">
      {registration.seats.map((seat, i) => (
        <SeatItem
          key={seat.id}
          registration={registration}
          seat={seat}
          index={i}
          code={code}
          questions={questions}
          onChanged={onChanged}
        />
      ))}
    </ol>
  );
}
