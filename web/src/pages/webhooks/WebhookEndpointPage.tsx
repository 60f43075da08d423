import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { getEndpoint, updateEndpoint, type WebhookEndpoint } from "../../api/webhooks";
import { ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { formatMoment } from "../../format";
import { DeliveryLog } from "./DeliveryLog";
import { EndpointActions } from "./EndpointActions";
import { EndpointForm } from "./EndpointForm";
import { EndpointStatus, EventScope } from "./EndpointStatus";
import { typeLabel } from "./webhook-values";

/** The banner of a disabled endpoint, with the way back on. */
function DisabledBanner({ endpoint }: { endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const enable = useMutation({
    mutationFn: () => updateEndpoint(endpoint.id, { enabled: true }),
    onSuccess: (next) => {
      queryClient.setQueryData(["me", "webhook", endpoint.id, "endpoint"], next);
    },
  });
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">This endpoint is disabled: nothing is sent to it.</p>
      <p>
        {endpoint.disabled_reason === "failing"
          ? `Every delivery failed${endpoint.failing_since ? ` since ${formatMoment(endpoint.failing_since)}` : ""}. `
          : ""}
        Turn it back on when your receiver works again, then replay what it missed.
      </p>
      <button
        type="button"
        className="button"
        disabled={enable.isPending}
        onClick={() => {
          enable.mutate();
        }}
      >
        Re-enable
      </button>
      <InlineError error={enable.error} />
    </div>
  );
}

function EndpointDetails({ endpoint }: { endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (values: { url: string; eventTypes: string[]; description: string }) =>
      updateEndpoint(endpoint.id, {
        url: values.url,
        event_types: values.eventTypes,
        description: values.description || null,
      }),
    onSuccess: async (next) => {
      queryClient.setQueryData(["me", "webhook", endpoint.id, "endpoint"], next);
      setEditing(false);
      await queryClient.invalidateQueries({ queryKey: ["me", "webhooks"] });
    },
  });
  return (
    <>
      {endpoint.status === "disabled" ? <DisabledBanner endpoint={endpoint} /> : null}
      <dl className="event-facts">
        <dt>Status</dt>
        <dd>
          <EndpointStatus endpoint={endpoint} />
        </dd>
        <dt>Events</dt>
        <dd>
          <EventScope eventId={endpoint.event_id} />
        </dd>
        <dt>Event types</dt>
        <dd>{endpoint.event_types.map(typeLabel).join(", ")}</dd>
        {endpoint.description ? (
          <>
            <dt>Description</dt>
            <dd>{endpoint.description}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatMoment(endpoint.created_at)}</dd>
      </dl>
      <button
        type="button"
        className="button button-small button-secondary"
        aria-expanded={editing}
        onClick={() => {
          setEditing((e) => !e);
        }}
      >
        {editing ? "Close the editor" : "Edit URL and types"}
      </button>
      {editing ? (
        <EndpointForm
          initial={{
            url: endpoint.url,
            eventTypes: endpoint.event_types,
            eventId: endpoint.event_id ?? "",
            description: endpoint.description ?? "",
          }}
          withEvent={false}
          submitLabel="Save endpoint"
          busy={save.isPending}
          onSave={(values) => save.mutateAsync(values)}
        />
      ) : null}
      <EndpointActions endpoint={endpoint} />
      <DeliveryLog endpointId={endpoint.id} />
    </>
  );
}

/** One endpoint: its settings, status, actions and delivery log. */
export function WebhookEndpointPage() {
  const { endpointId = "" } = useParams();
  const query = useQuery({
    queryKey: ["me", "webhook", endpointId, "endpoint"],
    queryFn: ({ signal }) => getEndpoint(endpointId, signal),
  });
  usePageTitle(query.data ? `Webhook ${query.data.url}` : "Webhook");
  return (
    <section className="page" aria-labelledby="page-title">
      <p>
        <Link to="/organizer/webhooks">← Webhooks</Link>
      </p>
      <h1 id="page-title" className="endpoint-url">
        {query.data?.url ?? "Webhook endpoint"}
      </h1>
      {query.isPending ? <Loading>Loading the endpoint…</Loading> : null}
      {query.isError ? (
        <ErrorNotice
          title="The endpoint could not be loaded."
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {query.data ? <EndpointDetails endpoint={query.data} /> : null}
    </section>
  );
}
