import { useQuery } from "@tanstack/react-query";
import { getAvailability, type TurnoutEvent } from "../../api/events";

/** How often the seats are asked for again while the page is open. */
export const SEATS_POLL_MS = 5000;

/** The event's seats, asked for again every few seconds while a page shows them. */
export function useAvailability(event: TurnoutEvent) {
  const cancelled = event.status === "cancelled";
  return useQuery({
    queryKey: ["availability", event.id],
    queryFn: ({ signal }) => getAvailability(event.id, signal),
    refetchInterval: cancelled ? false : SEATS_POLL_MS,
    enabled: !cancelled,
  });
}

/** Seats left, kept live; changes are announced politely. */
export function SeatsLeft({ event }: { event: TurnoutEvent }) {
  const cancelled = event.status === "cancelled";
  const { data } = useAvailability(event);
  const capacity = data?.capacity ?? event.capacity;
  const available = data?.seats_available ?? event.seats_available;
  if (cancelled || available === undefined || capacity === undefined) return null;
  return (
    <div className="seats" aria-live="polite" aria-atomic="true">
      <p className="seats-count">
        {available === 0
          ? "Fully booked"
          : `${available} of ${capacity} seat${capacity === 1 ? "" : "s"} left`}
      </p>
      {available === 0 ? <p>New sign-ups join the waitlist and get the next free seat.</p> : null}
      <meter min={0} max={capacity} value={capacity - available} aria-label="Seats taken">
        {capacity - available} taken
      </meter>
    </div>
  );
}
