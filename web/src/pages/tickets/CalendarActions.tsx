import { useMutation } from "@tanstack/react-query";
import type { TurnoutEvent } from "../../api/events";
import { downloadCalendar } from "../../api/tickets";
import { InlineError } from "../../components/feedback";
import {
  type CalendarFacts,
  calendarFileName,
  googleCalendarUrl,
  outlookCalendarUrl,
} from "./calendar-links";

function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/** The booking in a calendar: the `.ics` file (fetched with the session) or a calendar site. */
export function CalendarActions({
  event,
  registrationId,
  typeName,
  seats,
}: {
  event: TurnoutEvent;
  registrationId: string;
  typeName: string | undefined;
  seats: number;
}) {
  const ics = useMutation({
    mutationFn: () => downloadCalendar(registrationId),
    onSuccess: (blob) => {
      saveFile(blob, calendarFileName(event.title));
    },
  });
  const ticketPage = `${window.location.origin}/tickets/${encodeURIComponent(registrationId)}`;
  const facts: CalendarFacts = {
    title: event.title,
    startsAt: event.starts_at,
    // An event without an end (an older reply) is given an hour.
    endsAt: event.ends_at ?? new Date(Date.parse(event.starts_at) + 3_600_000).toISOString(),
    location: event.location ?? "",
    details: `${typeName ? `${typeName}, ` : ""}${seats} seat${seats === 1 ? "" : "s"}. Your tickets: ${ticketPage}`,
  };
  return (
    <div className="calendar-actions">
      <p className="button-row">
        <button
          type="button"
          className="button"
          disabled={ics.isPending}
          onClick={() => {
            ics.mutate();
          }}
        >
          {ics.isPending ? "Preparing…" : "Download .ics"}
        </button>
        <a
          className="button button-secondary"
          href={googleCalendarUrl(facts)}
          target="_blank"
          rel="noopener noreferrer"
        >
          Add to Google Calendar
        </a>
        <a
          className="button button-secondary"
          href={outlookCalendarUrl(facts)}
          target="_blank"
          rel="noopener noreferrer"
        >
          Outlook
        </a>
      </p>
      <InlineError error={ics.error} />
    </div>
  );
}
