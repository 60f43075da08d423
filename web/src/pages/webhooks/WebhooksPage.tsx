import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { createEndpoint, listEndpoints, type WebhookEndpoint } from "../../api/webhooks";
import { useSession } from "../../auth/use-session";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { SecretOnce } from "../../components/SecretOnce";
import { usePageTitle } from "../../components/use-page-title";
import { EndpointForm } from "./EndpointForm";
import { EndpointStatus, EventScope } from "./EndpointStatus";
import { type EndpointFormValues, typeLabel } from "./webhook-values";

const EMPTY: EndpointFormValues = { url: "", eventTypes: [], eventId: "", description: "" };

/** What the API takes from the form: the event and description only when given. */
export const endpointInput = (v: EndpointFormValues) => ({
  url: v.url,
  event_types: v.eventTypes,
  ...(v.eventId ? { event_id: v.eventId } : {}),
  ...(v.description ? { description: v.description } : {}),
});

function EndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <li className="list-card">
      <h2 className="list-card-title">
        <Link to={`/organizer/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
      </h2>
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <p className="event-meta">
        <EndpointStatus endpoint={endpoint} /> · <EventScope eventId={endpoint.event_id} /> ·{" "}
        {endpoint.event_types.map(typeLabel).join(", ")}
      </p>
    </li>
  );
}

/** An organizer's (or admin's) webhook endpoints, and a new one with its secret shown once. */
export function WebhooksPage() {
  usePageTitle("Webhooks");
  const queryClient = useQueryClient();
  const userId = useSession()?.userId ?? "";
  const { query, items } = usePagedQuery(["me", "webhooks", userId], (cursor, { signal }) =>
    listEndpoints(cursor, signal),
  );
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  // A new form after each create, so the one just sent starts empty.
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (values: EndpointFormValues) => createEndpoint(endpointInput(values)),
    onSuccess: async (endpoint) => {
      setCreated({ id: endpoint.id, secret: endpoint.secret });
      setFormKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: ["me", "webhooks", userId] });
    },
  });

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Webhooks</h1>
      <p>
        Turnout POSTs each event you choose to your endpoint, signed per{" "}
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> with the endpoint&apos;s
        secret, in order per registration or event, retried for over a day.
      </p>
      {created ? (
        <SecretOnce
          label="Signing secret"
          secret={created.secret}
          note="Your receiver verifies every delivery with it."
          onDone={() => {
            setCreated(null);
          }}
        />
      ) : null}
      {created ? (
        <p>
          <Link to={`/organizer/webhooks/${created.id}`}>Open the new endpoint and its log</Link>
        </p>
      ) : null}
      <PagedResults
        query={query}
        count={items.length}
        loading="Loading your endpoints…"
        errorTitle="Your endpoints could not be loaded."
        empty="No endpoints yet: add one below."
      >
        <ul className="plain-list" aria-label="Endpoints">
          {items.map((endpoint) => (
            <EndpointCard key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      </PagedResults>
      <h2>New endpoint</h2>
      <EndpointForm
        key={formKey}
        initial={EMPTY}
        withEvent
        submitLabel="Create endpoint"
        busy={create.isPending}
        onSave={(values) => create.mutateAsync(values)}
      />
    </section>
  );
}
