import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Question } from "../../api/events";
import {
  actOnRegistration,
  type OrganizerAction,
  type Registration,
  ticketCode,
} from "../../api/registrations";
import { InlineError } from "../../components/feedback";
import { RegistrationStatus } from "../../components/RegistrationStatus";
import { formatMoment, plural } from "../../format";
import { AnswerList } from "./attendee-answers";

const ACTION_LABELS: Record<OrganizerAction, string> = {
  approve: "Approve",
  reject: "Reject",
  "check-in": "Check in",
};

function actionsFor(registration: Registration): OrganizerAction[] {
  if (registration.status === "pending") return ["approve", "reject"];
  if (registration.status === "confirmed" && !registration.checked_in_at) return ["check-in"];
  return [];
}

const isEmpty = (answers: object) => Object.keys(answers).length === 0;

/** One attendee of the list, with what the organizer can do for them. */
export function AttendeeRow({
  registration,
  questions,
}: {
  registration: Registration;
  questions: Question[];
}) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: OrganizerAction) => actOnRegistration(registration.id, action),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["attendees", registration.event_id] });
      void queryClient.invalidateQueries({ queryKey: ["availability", registration.event_id] });
    },
  });
  // The action's reply until the list has caught up with it.
  const current =
    act.data && (act.data.updated_at ?? "") >= (registration.updated_at ?? "")
      ? act.data
      : registration;
  const code = ticketCode(current.id);
  return (
    <tr>
      <th scope="row">
        <code>{code}</code>
        <div className="muted">signed up {formatMoment(current.created_at)}</div>
      </th>
      <td data-label="Status">
        <RegistrationStatus registration={current} />
        {current.checked_in_at ? (
          <div className="muted">{formatMoment(current.checked_in_at)}</div>
        ) : null}
      </td>
      <td data-label="Attendee">
        {registration.attendee?.display_name ? (
          <strong>{registration.attendee.display_name}</strong>
        ) : null}
        {registration.attendee?.email ? <div>{registration.attendee.email}</div> : null}
        {registration.attendee?.display_name || registration.attendee?.email ? null : (
          <code className="muted" title={current.user_id}>
            {current.user_id.slice(0, 8)}
          </code>
        )}
        <AnswerList answers={registration.answers} questions={questions} />
      </td>
      <td data-label="Type">{registration.ticket_type?.name ?? "—"}</td>
      <td data-label="Seats">
        {registration.seats.every((seat) => !seat.attendee_name && isEmpty(seat.answers)) ? (
          // Seats without names or answers say no more than their number.
          plural(registration.quantity, "seat")
        ) : (
          <ol className="seat-list">
            {registration.seats.map((seat, i) => (
              <li key={seat.id}>
                {seat.attendee_name ?? `Seat ${i + 1}`}
                {seat.status === "cancelled" ? " (cancelled)" : ""}
                <AnswerList answers={seat.answers} questions={questions} />
              </li>
            ))}
          </ol>
        )}
      </td>
      <td data-label="Actions">
        <div className="button-row">
          {actionsFor(current).map((action) => (
            <button
              key={action}
              type="button"
              className={action === "reject" ? "button button-secondary" : "button"}
              disabled={act.isPending}
              aria-label={`${ACTION_LABELS[action]} ticket ${code}`}
              onClick={() => {
                act.mutate(action);
              }}
            >
              {ACTION_LABELS[action]}
            </button>
          ))}
        </div>
        <InlineError error={act.error} />
      </td>
    </tr>
  );
}
