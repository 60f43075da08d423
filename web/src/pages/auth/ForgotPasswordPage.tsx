import { useMutation } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { Link } from "react-router";
import { requestPasswordReset } from "../../api/auth";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";

export function ForgotPasswordPage() {
  usePageTitle("Reset your password");
  const [email, setEmail] = useState("");
  const { formRef, errors, setErrors, check } = useFormErrors();
  const mutation = useMutation({
    mutationFn: () => requestPasswordReset(email.trim()),
    onError: (error) => {
      setErrors(formErrorsFrom(error, ["email"]));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = clientErrors({
      email: /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? undefined : "Enter your email address.",
    });
    if (check(checked)) mutation.mutate();
  };

  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Reset your password</h1>
      {mutation.isSuccess ? (
        <p className="notice notice-success" role="status">
          If an account uses {email.trim()}, a link to choose a new password is on its way. It works
          for 30 minutes.
        </p>
      ) : (
        <form ref={formRef} onSubmit={submit} noValidate className="form">
          <p>We will email you a link to choose a new password.</p>
          <FormAlert message={errors.form} />
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            value={email}
            error={errors.fields.email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
          />
          <SubmitButton busy={mutation.isPending} busyLabel="Sending…">
            Send the link
          </SubmitButton>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
