import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type Delivery, getDelivery, resendDelivery } from "../../api/webhooks";
import { ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { formatMoment } from "../../format";
import { typeLabel } from "./webhook-values";

/** The body as sent, indented when it is JSON. */
function readable(payload: string | null): string {
  if (payload === null) return "(no longer kept)";
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const BADGES: Record<string, string> = {
  succeeded: "confirmed",
  pending: "pending",
  failed: "failed",
};

export function DeliveryBadge({ status }: { status: string }) {
  return <span className={`badge badge-${BADGES[status] ?? "cancelled"}`}>{status}</span>;
}

/** The attempts of one delivery and the payload it sends, fetched when opened. */
function DeliveryDetail({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const detail = useQuery({
    queryKey: ["me", "webhook", endpointId, "delivery", deliveryId],
    queryFn: ({ signal }) => getDelivery(endpointId, deliveryId, signal),
  });
  if (detail.isPending) return <Loading>Loading the attempts…</Loading>;
  if (detail.isError)
    return <ErrorNotice title="The delivery could not be loaded." error={detail.error} />;
  const { attempt_log: attempts, payload } = detail.data;
  return (
    <div className="delivery-detail">
      <h3>Attempts</h3>
      {attempts.length === 0 ? (
        <p className="muted">No attempt yet.</p>
      ) : (
        <ol className="attempt-log" aria-label="Attempts">
          {attempts.map((a, i) => (
            <li key={`${a.at}-${String(i)}`}>
              {formatMoment(a.at)}: {a.response_status ?? "no response"}
              {a.latency_ms !== null ? ` in ${String(a.latency_ms)} ms` : ""}
              {a.error ? ` (${a.error})` : ""}
              {a.response_excerpt ? <pre className="excerpt">{a.response_excerpt}</pre> : null}
            </li>
          ))}
        </ol>
      )}
      <h3>Payload</h3>
      <pre className="payload">{readable(payload)}</pre>
    </div>
  );
}

/** One delivery of the log: open it for its attempts and payload, or send it again. */
export function DeliveryRow({
  endpointId,
  delivery,
  columns,
}: {
  endpointId: string;
  delivery: Delivery;
  columns: number;
}) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const resend = useMutation({
    mutationFn: () => resendDelivery(endpointId, delivery.id),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["me", "webhook", endpointId, "deliveries"] }),
  });
  const when = delivery.last_attempt_at ?? delivery.created_at;
  return (
    <>
      <tr>
        <td data-label="Status">
          <DeliveryBadge status={delivery.status} />
        </td>
        <th scope="row" data-label="Event type">
          {typeLabel(delivery.event_type)}
        </th>
        <td data-label="Event id">
          <code title={delivery.event_id}>{delivery.event_id.slice(0, 8)}</code>
        </td>
        <td data-label="Response">{delivery.response_status ?? "–"}</td>
        <td data-label="Attempts">{delivery.attempts}</td>
        <td data-label="Latency">
          {delivery.latency_ms !== null ? `${String(delivery.latency_ms)} ms` : "–"}
        </td>
        <td data-label="Time">{formatMoment(when)}</td>
        <td>
          <span className="button-row">
            <button
              type="button"
              className="button button-small button-secondary"
              aria-expanded={open}
              aria-controls={detailId}
              onClick={() => {
                setOpen((o) => !o);
              }}
            >
              Details
            </button>
            <button
              type="button"
              className="button button-small button-secondary"
              disabled={resend.isPending}
              onClick={() => {
                resend.mutate();
              }}
            >
              Send again
            </button>
          </span>
          <span role="status">{resend.isSuccess ? "Queued again." : ""}</span>
          <InlineError error={resend.error} />
        </td>
      </tr>
      <tr id={detailId} hidden={!open}>
        <td colSpan={columns}>
          {open ? <DeliveryDetail endpointId={endpointId} deliveryId={delivery.id} /> : null}
        </td>
      </tr>
    </>
  );
}
