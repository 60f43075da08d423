import { useMutation } from "@tanstack/react-query";
import { type SubmitEvent, useId, useState } from "react";
import { setRoles } from "../../api/auth";
import { toApiError } from "../../api/client";
import { useSession } from "../../auth/use-session";

const GRANTABLE = ["organizer", "admin"] as const;

/**
 * Sets a person's roles (PUT /auth/users/:id/roles) with the whole set; `attendee` is always
 * kept. The user listing carries no roles, so the editor opens empty (except for the admin's
 * own row, known from the token) and says so, then shows what the API saved.
 */
export function RoleEditor({ userId, name }: { userId: string; name: string }) {
  const session = useSession();
  const own = session?.userId === userId ? session.roles : undefined;
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string[] | undefined>(own);
  const [chosen, setChosen] = useState<string[]>(own?.filter((r) => r !== "attendee") ?? []);
  const panelId = useId();
  const save = useMutation({
    mutationFn: () => setRoles(userId, ["attendee", ...chosen]),
    onSuccess: (account) => {
      setSaved(account.roles);
      setChosen(account.roles.filter((r) => r !== "attendee"));
      setOpen(false);
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <div className="role-editor">
      <p className="muted" role="status">
        {saved ? `Roles: ${saved.join(", ")}` : ""}
        {save.isSuccess ? " (saved; they apply from the next sign-in)" : ""}
      </p>
      <button
        type="button"
        className="button button-small button-secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        Change roles<span className="visually-hidden"> of {name}</span>
      </button>
      <form id={panelId} hidden={!open} onSubmit={submit} aria-label={`Roles of ${name}`}>
        <fieldset>
          <legend className="field-hint">
            Tick every role {name} should have; everyone stays an attendee.
          </legend>
          {GRANTABLE.map((role) => (
            <label key={role} className="inline-check">
              <input
                type="checkbox"
                checked={chosen.includes(role)}
                onChange={(e) => {
                  setChosen((c) => (e.target.checked ? [...c, role] : c.filter((r) => r !== role)));
                }}
              />{" "}
              {role}
            </label>
          ))}
          <button type="submit" className="button button-small" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save roles"}
          </button>
        </fieldset>
        {save.isError ? (
          <p className="field-error" role="alert">
            {toApiError(save.error).message}
          </p>
        ) : null}
      </form>
    </div>
  );
}
