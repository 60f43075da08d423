import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { confirmPasswordReset } from "../../api/auth";
import { setSession } from "../../api/session";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";

/** The link from the reset mail: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  usePageTitle("Choose a new password");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const { formRef, errors, setErrors, check } = useFormErrors();
  const mutation = useMutation({
    mutationFn: () => confirmPasswordReset(token, password),
    onSuccess: () => {
      // Every session of the account ended, this one included.
      setSession(null);
      queryClient.clear();
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, ["new_password"]));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = clientErrors({
      new_password:
        password.length < 12
          ? "Use at least 12 characters."
          : password.length > 128
            ? "Use at most 128 characters."
            : undefined,
      repeat: repeat === password ? undefined : "The two passwords are not the same.",
    });
    if (check(checked)) mutation.mutate();
  };

  if (mutation.isSuccess) {
    return (
      <section className="page page-narrow" aria-labelledby="page-title">
        <h1 id="page-title">Password changed</h1>
        <p className="notice notice-success" role="status">
          Your new password is set, and every device that was signed in has been signed out.
        </p>
        <p>
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
        </p>
      </section>
    );
  }

  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Choose a new password</h1>
      {token ? null : (
        <p className="notice notice-error" role="alert">
          This link has no token. Open the link from the mail again, or{" "}
          <Link to="/forgot-password">ask for a new one</Link>.
        </p>
      )}
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <FormAlert message={errors.form} />
        <TextField
          label="New password"
          type="password"
          name="new_password"
          autoComplete="new-password"
          hint="12 to 128 characters."
          value={password}
          error={errors.fields.new_password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
        <TextField
          label="Repeat the new password"
          type="password"
          name="repeat"
          autoComplete="new-password"
          value={repeat}
          error={errors.fields.repeat}
          onChange={(e) => {
            setRepeat(e.target.value);
          }}
        />
        <SubmitButton busy={mutation.isPending} busyLabel="Saving…" disabled={!token}>
          Set the new password
        </SubmitButton>
      </form>
      {errors.form && /expired|used|token/i.test(errors.form) ? (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </section>
  );
}
