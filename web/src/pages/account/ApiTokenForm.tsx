import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { type CreatedApiToken, createApiToken } from "../../api/api-tokens";
import { useSession } from "../../auth/use-session";
import { FormAlert, SelectField, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";
import { EXPIRY_CHOICES, expiresAtFor, scopesFor, tokenFormProblems } from "./token-scopes";

const FIELDS = ["name", "scopes", "expires_at"] as const;

/** Creates a token: a name, scopes (only those the user's roles allow) and an expiry. */
export function ApiTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const queryClient = useQueryClient();
  const roles = useSession()?.roles ?? [];
  const offered = scopesFor(roles);
  const { formRef, errors, setErrors, check } = useFormErrors();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiry, setExpiry] = useState("");
  const create = useMutation({
    mutationFn: createApiToken,
    onSuccess: async (created) => {
      setName("");
      setScopes([]);
      setExpiry("");
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ["me", "api-tokens"] });
    },
    onError: (error) => {
      setErrors(
        formErrorsFrom(error, FIELDS, {
          scope_not_allowed: "scopes",
          too_many_tokens: "name",
          name_taken: "name",
        }),
      );
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!check(clientErrors(tokenFormProblems(name, scopes)))) return;
    const expiresAt = expiresAtFor(expiry);
    create.mutate({
      name: name.trim(),
      scopes,
      ...(expiresAt ? { expires_at: expiresAt } : {}),
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form" aria-label="New API token">
      <FormAlert message={errors.form} />
      <TextField
        label="Name"
        name="name"
        hint="What the token is for, e.g. “Badge printer”."
        value={name}
        maxLength={100}
        error={errors.fields.name}
        onChange={(e) => {
          setName(e.target.value);
        }}
      />
      <fieldset className="check-group">
        <legend>Scopes</legend>
        <p className="field-hint">
          The token can do only what you tick, and never more than you can.
        </p>
        {offered.map((s) => (
          <label key={s.scope} className="inline-check">
            <input
              type="checkbox"
              name="scopes"
              value={s.scope}
              checked={scopes.includes(s.scope)}
              aria-invalid={errors.fields.scopes ? true : undefined}
              aria-describedby={errors.fields.scopes ? "token-scopes-error" : undefined}
              onChange={(e) => {
                const on = e.target.checked;
                setScopes((c) => (on ? [...c, s.scope] : c.filter((x) => x !== s.scope)));
              }}
            />{" "}
            <code>{s.scope}</code> <span className="muted">{s.opens}</span>
          </label>
        ))}
        {errors.fields.scopes ? (
          <p id="token-scopes-error" className="field-error">
            {errors.fields.scopes}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        label="Expires after"
        name="expires_at"
        value={expiry}
        error={errors.fields.expires_at}
        onChange={(e) => {
          setExpiry(e.target.value);
        }}
      >
        {EXPIRY_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <SubmitButton busy={create.isPending} busyLabel="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}
