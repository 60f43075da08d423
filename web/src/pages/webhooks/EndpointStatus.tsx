import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { getEvent } from "../../api/events";
import type { WebhookEndpoint } from "../../api/webhooks";
import { useRoles } from "../../auth/use-session";

/** Active, or disabled and why. */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  const active = endpoint.status === "active";
  return (
    <span className={`badge badge-${active ? "confirmed" : "cancelled"}`}>
      {active
        ? "Active"
        : `Disabled${endpoint.disabled_reason ? ` (${endpoint.disabled_reason})` : ""}`}
    </span>
  );
}

/** Which events an endpoint covers: one (by its title) or all the owner may see. */
export function EventScope({ eventId }: { eventId: string | null }) {
  const { admin } = useRoles();
  const event = useQuery({
    queryKey: ["event", eventId],
    queryFn: ({ signal }) => getEvent(eventId ?? "", signal),
    enabled: eventId !== null,
  });
  if (!eventId) return <>{admin ? "every event" : "all my events"}</>;
  return <Link to={`/events/${eventId}`}>{event.data?.title ?? "one event"}</Link>;
}
