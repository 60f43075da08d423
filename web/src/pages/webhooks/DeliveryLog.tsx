import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { DELIVERY_STATUSES, listDeliveries, replaySince } from "../../api/webhooks";
import { PagedResults, usePagedQuery } from "../../components/PagedResults";
import { FormAlert, SelectField, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";
import { plural } from "../../format";
import { DeliveryRow } from "./DeliveryRow";
import { instantOf } from "./webhook-values";

const COLUMNS = ["Status", "Event type", "Event id", "Response", "Attempts", "Latency", "Time", ""];

/** "Replay since": re-sends every delivery from then on, as new deliveries in their order. */
function ReplayForm({ endpointId }: { endpointId: string }) {
  const queryClient = useQueryClient();
  const { formRef, errors, setErrors, check } = useFormErrors();
  const [since, setSince] = useState("");
  const replay = useMutation({
    mutationFn: (instant: string) => replaySince(endpointId, instant),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ["me", "webhook", endpointId, "deliveries"] }),
    onError: (error) => {
      setErrors(
        formErrorsFrom(error, ["since"], {
          replay_out_of_range: "since",
          replay_too_large: "since",
        }),
      );
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const instant = instantOf(since);
    if (!check(clientErrors({ since: instant ? undefined : "Enter a date and time." }))) return;
    if (instant) replay.mutate(instant);
  };
  return (
    <form ref={formRef} className="toolbar" onSubmit={submit} noValidate aria-label="Replay">
      <FormAlert message={errors.form} />
      <TextField
        label="Replay since"
        type="datetime-local"
        name="since"
        value={since}
        error={errors.fields.since}
        hint="Every delivery from then on is sent again, in its order."
        onChange={(e) => {
          setSince(e.target.value);
        }}
      />
      <div>
        <button type="submit" className="button button-secondary" disabled={replay.isPending}>
          Replay
        </button>
      </div>
      <p role="status">
        {replay.data ? `${plural(replay.data.queued, "delivery", "deliveries")} queued.` : ""}
      </p>
    </form>
  );
}

/** An endpoint's deliveries, newest first, read again every 5 s; filter by status. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const [status, setStatus] = useState("");
  const { query, items } = usePagedQuery(
    ["me", "webhook", endpointId, "deliveries", status],
    (cursor, { signal }) =>
      listDeliveries(endpointId, { ...(status ? { status } : {}), cursor }, signal),
    { refetchInterval: 5_000 },
  );
  return (
    <section aria-labelledby="delivery-log-title">
      <h2 id="delivery-log-title">Delivery log</h2>
      <div className="toolbar">
        <SelectField
          label="Show"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
          }}
        >
          <option value="">All deliveries</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0).toUpperCase() + s.slice(1)}
            </option>
          ))}
        </SelectField>
        <button
          type="button"
          className="button button-secondary"
          disabled={query.isFetching}
          onClick={() => void query.refetch()}
        >
          Refresh
        </button>
      </div>
      <PagedResults
        query={query}
        count={items.length}
        loading="Loading the deliveries…"
        errorTitle="The deliveries could not be loaded."
        empty={status ? `No ${status} deliveries.` : "Nothing delivered yet. Send a test?"}
        loadMoreLabel="Older deliveries"
      >
        <div className="table-wrap">
          <table className="table table-stack" aria-label="Deliveries">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {c || <span className="visually-hidden">Actions</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <DeliveryRow
                  key={d.id}
                  endpointId={endpointId}
                  delivery={d}
                  columns={COLUMNS.length}
                />
              ))}
            </tbody>
          </table>
        </div>
      </PagedResults>
      <h3>Replay</h3>
      <ReplayForm endpointId={endpointId} />
    </section>
  );
}
