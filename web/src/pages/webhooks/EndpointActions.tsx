import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { deleteEndpoint, rotateSecret, sendTest, type WebhookEndpoint } from "../../api/webhooks";
import { ConfirmButton } from "../../components/ConfirmButton";
import { InlineError } from "../../components/feedback";
import { SecretOnce } from "../../components/SecretOnce";
import { SelectField } from "../../forms/fields";
import { formatMoment } from "../../format";

const GRACE = [
  { seconds: 86_400, label: "1 day (the default)" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 604_800, label: "7 days" },
  { seconds: 0, label: "None: the old secret stops at once" },
];

/** Test-send, rotate the secret (the new one shown once), delete. */
export function EndpointActions({ endpoint }: { endpoint: WebhookEndpoint }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [grace, setGrace] = useState(86_400);
  const test = useMutation({
    mutationFn: () => sendTest(endpoint.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "webhook", endpoint.id] }),
  });
  const rotate = useMutation({ mutationFn: () => rotateSecret(endpoint.id, grace) });
  const remove = useMutation({
    mutationFn: () => deleteEndpoint(endpoint.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["me", "webhooks"] });
      await navigate("/organizer/webhooks");
    },
  });

  return (
    <section className="endpoint-actions" aria-labelledby="endpoint-actions-title">
      <h2 id="endpoint-actions-title">Actions</h2>
      <p className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={test.isPending}
          onClick={() => {
            test.mutate();
          }}
        >
          Send a test
        </button>
        <span role="status">
          {test.isSuccess ? "A test delivery is queued: it shows in the log below." : ""}
        </span>
      </p>
      <InlineError error={test.error} />
      <h3>Rotate the secret</h3>
      {rotate.data ? (
        <SecretOnce
          label="New signing secret"
          secret={rotate.data.secret}
          note={`Both secrets sign each delivery until ${formatMoment(rotate.data.previous_secret_expires_at)}: switch your receiver to the new one before then.`}
          onDone={() => {
            rotate.reset();
          }}
        />
      ) : (
        <div className="toolbar">
          <SelectField
            label="Old secret keeps working for"
            value={String(grace)}
            onChange={(e) => {
              setGrace(Number(e.target.value));
            }}
          >
            {GRACE.map((g) => (
              <option key={g.seconds} value={g.seconds}>
                {g.label}
              </option>
            ))}
          </SelectField>
          <ConfirmButton
            label="Rotate secret"
            className="button button-secondary"
            question="Make a new signing secret?"
            confirmLabel="Yes, rotate"
            busy={rotate.isPending}
            onConfirm={() => {
              rotate.mutate();
            }}
          />
        </div>
      )}
      <InlineError error={rotate.error} />
      <h3>Delete</h3>
      <ConfirmButton
        label="Delete endpoint"
        question="Delete this endpoint? Pending deliveries are dropped and its log goes with it."
        confirmLabel="Yes, delete it"
        busy={remove.isPending}
        onConfirm={() => {
          remove.mutate();
        }}
      />
      <InlineError error={remove.error} />
    </section>
  );
}
