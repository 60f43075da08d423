import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { Link } from "react-router";
import { addHelper, listHelpers, revokeHelper } from "../../api/checkin";
import { toApiError } from "../../api/client";
import { ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { TextField } from "../../forms/fields";

/**
 * The event's check-in helpers, for its organizer: people who may scan tickets for this event
 * only (docs/tickets.md "Check-in helpers"). Add by email, revoke; and the way to the scanner.
 */
export function CheckInHelpers({ eventId }: { eventId: string }) {
  const queryClient = useQueryClient();
  const key = ["check-in", eventId, "helpers"];
  const helpers = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => listHelpers(eventId, signal),
  });
  const [email, setEmail] = useState("");
  const add = useMutation({
    mutationFn: (address: string) => addHelper(eventId, address),
    onSuccess: async () => {
      setEmail("");
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (userId: string) => revokeHelper(eventId, userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (email.trim()) add.mutate(email.trim());
  };
  const addError = add.error ? toApiError(add.error).message : undefined;

  let list;
  if (helpers.isPending) list = <Loading>Loading helpers…</Loading>;
  else if (helpers.isError) {
    list = (
      <ErrorNotice
        title="The helpers could not be loaded."
        error={helpers.error}
        onRetry={() => void helpers.refetch()}
      />
    );
  } else if (helpers.data.length === 0) list = <p>No helpers yet: only you can scan.</p>;
  else {
    list = (
      <ul className="helpers" aria-label="Check-in helpers">
        {helpers.data.map((h) => {
          const name = h.display_name ?? h.email ?? "A helper";
          return (
            <li key={h.user_id}>
              {name}
              {h.email && h.display_name ? ` (${h.email})` : ""}{" "}
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={revoke.isPending}
                aria-label={`Revoke ${name}`}
                onClick={() => {
                  revoke.mutate(h.user_id);
                }}
              >
                Revoke
              </button>
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <section className="check-in-helpers" aria-labelledby="check-in-helpers-title">
      <h3 id="check-in-helpers-title">Check-in</h3>
      <p>
        <Link className="button" to={`/check-in/${eventId}`}>
          Check-in
        </Link>{" "}
        Scan tickets at the door; helpers see the same scanner for this event only.
      </p>
      {list}
      <InlineError error={revoke.error} />
      <form className="toolbar" onSubmit={submit}>
        <TextField
          label="Helper's email"
          name="helper_email"
          type="email"
          value={email}
          error={addError}
          hint="Their Turnout account may scan tickets for this event."
          onChange={(e) => {
            setEmail(e.target.value);
          }}
        />
        <div>
          <button type="submit" className="button button-secondary" disabled={add.isPending}>
            Add helper
          </button>
        </div>
      </form>
    </section>
  );
}
