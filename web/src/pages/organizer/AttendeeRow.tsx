import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  actOnRegistration,
  type OrganizerAction,
  type Registration,
  ticketCode,
} from "../../api/registrations";
import { InlineError } from "../../components/feedback";
import { RegistrationStatus } from "../../components/RegistrationStatus";
import { formatMoment } from "../../format";

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
export function AttendeeRow({ registration }: { registration: Registration }) {
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
      </th>
      <td data-label="Status">
        <RegistrationStatus registration={current} />
      </td>
      <td data-label="Signed up">{formatMoment(current.created_at)}</td>
      <td data-label="Checked in">
        {current.checked_in_at ? formatMoment(current.checked_in_at) : "—"}
      </td>
      <td data-label="Attendee id">
        <code className="muted" title={current.user_id}>
          {current.user_id.slice(0, 8)}
        </code>
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
