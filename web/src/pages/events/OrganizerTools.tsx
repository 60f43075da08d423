import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { cancelEvent, type TurnoutEvent } from "../../api/events";
import { ConfirmButton } from "../../components/ConfirmButton";
import { InlineError } from "../../components/feedback";
import { CheckInHelpers } from "../organizer/CheckInHelpers";

/** What the event's organizer (or an admin) can do from its page. */
export function OrganizerTools({ event }: { event: TurnoutEvent }) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelEvent(event.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["event", event.id] });
      void queryClient.invalidateQueries({ queryKey: ["events"] });
    },
  });
  return (
    <section className="organizer-tools" aria-labelledby="organizer-tools-title">
      <h2 id="organizer-tools-title">Organizer tools</h2>
      <p className="button-row">
        <Link className="button" to={`/events/${event.id}/attendees`}>
          Attendees
        </Link>
        {event.status !== "cancelled" ? (
          <Link className="button button-secondary" to={`/events/${event.id}/edit`}>
            Edit event
          </Link>
        ) : null}
      </p>
      {event.status !== "cancelled" ? (
        <ConfirmButton
          label="Cancel this event"
          question="Cancel the event? Every attendee is told, and this cannot be undone."
          confirmLabel="Yes, cancel the event"
          busy={cancel.isPending}
          onConfirm={() => {
            cancel.mutate();
          }}
        />
      ) : null}
      <InlineError error={cancel.error} />
      {event.status !== "cancelled" ? <CheckInHelpers eventId={event.id} /> : null}
    </section>
  );
}
