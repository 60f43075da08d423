import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import {
  type ApiToken,
  type CreatedApiToken,
  listApiTokens,
  revokeApiToken,
} from "../../api/api-tokens";
import { ConfirmButton } from "../../components/ConfirmButton";
import { EmptyState, ErrorNotice, InlineError, Loading } from "../../components/feedback";
import { SecretOnce } from "../../components/SecretOnce";
import { usePageTitle } from "../../components/use-page-title";
import { formatMoment } from "../../format";
import { ApiTokenForm } from "./ApiTokenForm";

const when = (iso: string | null, none: string) => (iso ? formatMoment(iso) : none);

function stateOf(token: ApiToken, now: number): { label: string; badge: string } {
  if (token.revoked_at)
    return { label: `Revoked ${formatMoment(token.revoked_at)}`, badge: "cancelled" };
  if (token.expires_at && Date.parse(token.expires_at) <= now)
    return { label: "Expired", badge: "cancelled" };
  return { label: "Active", badge: "confirmed" };
}

function TokenRow({ token, now }: { token: ApiToken; now: number }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeApiToken(token.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "api-tokens"] }),
  });
  const state = stateOf(token, now);
  return (
    <tr>
      <th scope="row">
        {token.name}
        <div>
          <code className="muted">{token.prefix}…</code>
        </div>
      </th>
      <td data-label="Scopes">
        {token.scopes.map((s) => (
          <code key={s} className="scope">
            {s}
          </code>
        ))}
      </td>
      <td data-label="Created">{formatMoment(token.created_at)}</td>
      <td data-label="Expires">{when(token.expires_at, "Never")}</td>
      <td data-label="Last used">{when(token.last_used_at, "Not yet")}</td>
      <td data-label="State">
        <span className={`badge badge-${state.badge}`}>{state.label}</span>
        {state.label === "Active" ? (
          <div className="token-revoke">
            <ConfirmButton
              label="Revoke"
              name={`Revoke ${token.name}`}
              className="button button-small button-danger"
              question={`Revoke “${token.name}”? Scripts using it stop working at once.`}
              confirmLabel="Yes, revoke it"
              busy={revoke.isPending}
              onConfirm={() => {
                revoke.mutate();
              }}
            />
            <InlineError error={revoke.error} />
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** The user's personal API tokens: list with last use, create (shown once), revoke. */
export function ApiTokensPage() {
  usePageTitle("API tokens");
  const tokens = useQuery({
    queryKey: ["me", "api-tokens"],
    queryFn: ({ signal }) => listApiTokens(signal),
  });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  // "Expired" as of the read the list comes from.
  const now = tokens.dataUpdatedAt;

  let list;
  if (tokens.isPending) list = <Loading>Loading your tokens…</Loading>;
  else if (tokens.isError)
    list = (
      <ErrorNotice
        title="Your tokens could not be loaded."
        error={tokens.error}
        onRetry={() => void tokens.refetch()}
      />
    );
  else if (tokens.data.length === 0) list = <EmptyState>You have no API tokens yet.</EmptyState>;
  else
    list = (
      <div className="table-wrap">
        <table className="table table-stack" aria-label="Your API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <TokenRow key={t.id} token={t} now={now} />
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <section className="page" aria-labelledby="page-title">
      <p>
        <Link to="/settings">← Settings</Link>
      </p>
      <h1 id="page-title">API tokens</h1>
      <p>
        A script sends a token as <code>Authorization: Bearer …</code> to the{" "}
        <a href="/api/docs/">API</a>. Keep tokens like passwords; revoke one you no longer use.
      </p>
      {created ? (
        <SecretOnce
          label={`Token “${created.name}”`}
          secret={created.token}
          onDone={() => {
            setCreated(null);
          }}
        />
      ) : null}
      {list}
      <h2>New token</h2>
      <ApiTokenForm onCreated={setCreated} />
    </section>
  );
}
