import { useMutation } from "@tanstack/react-query";
import { type SubmitEvent, useRef, useState } from "react";
import { Link } from "react-router";
import { requestPasswordReset } from "../../api/auth";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, TextField } from "../../forms/fields";
import {
  clientErrors,
  type FormErrors,
  formErrorsFrom,
  NO_ERRORS,
  useFocusOnErrors,
} from "../../forms/form-errors";

export function ForgotPasswordPage() {
  usePageTitle("Reset your password");
  const formRef = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useFocusOnErrors(formRef, errors);
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
    setErrors(checked);
    if (checked === NO_ERRORS) mutation.mutate();
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
          <button type="submit" className="button" disabled={mutation.isPending}>
            {mutation.isPending ? "Sending…" : "Send the link"}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
