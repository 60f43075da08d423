import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Question } from "../../api/events";
import {
  actOnRegistration,
  cancelRegistration,
  isActive,
  type OrganizerAction,
  type Registration,
  ticketCode,
} from "../../api/registrations";
import { ConfirmButton } from "../../components/ConfirmButton";
import { InlineError } from "../../components/feedback";
import { RegistrationStatus } from "../../components/RegistrationStatus";
import { formatMoment } from "../../format";
import { AnswerList } from "./attendee-answers";
import { AttendeeSeats } from "./AttendeeSeats";

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

/** One attendee of the list, with what the organizer can do for them. */
export function AttendeeRow({
  registration,
  questions,
}: {
  registration: Registration;
  questions: Question[];
}) {
  const queryClient = useQueryClient();
  // The last change's reply (an action, a cancel), until the list has caught up with it.
  const [reply, setReply] = useState<Registration | null>(null);
  const changed = (next: Registration) => {
    setReply(next);
    void queryClient.invalidateQueries({ queryKey: ["attendees", registration.event_id] });
    void queryClient.invalidateQueries({ queryKey: ["availability", registration.event_id] });
  };
  const act = useMutation({
    mutationFn: (action: OrganizerAction) => actOnRegistration(registration.id, action),
    onSuccess: changed,
  });
  const cancel = useMutation({
    mutationFn: () => cancelRegistration(registration.id),
    onSuccess: changed,
  });
  const current =
    reply && (reply.updated_at ?? "") >= (registration.updated_at ?? "") ? reply : registration;
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
        <AttendeeSeats
          registration={current}
          code={code}
          questions={questions}
          onChanged={changed}
        />
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
          {isActive(current) ? (
            <ConfirmButton
              label="Cancel booking"
              name={`Cancel the booking of ticket ${code}`}
              question={`Cancel the whole booking of ticket ${code}? Its seats go to the next people waiting.`}
              confirmLabel="Yes, cancel the booking"
              className="button button-secondary"
              busy={cancel.isPending}
              onConfirm={() => {
                cancel.mutate();
              }}
            />
          ) : null}
        </div>
        <InlineError error={act.error ?? cancel.error} />
      </td>
    </tr>
  );
}
