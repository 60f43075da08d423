import { useMutation } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { Link } from "react-router";
import { signUp, type SignUpInput } from "../../api/auth";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, SubmitButton, TextField } from "../../forms/fields";
import {
  clientErrors,
  type FormErrors,
  formErrorsFrom,
  useFormErrors,
} from "../../forms/form-errors";

const FIELDS = ["email", "password", "username", "display_name"] as const;
type Values = Record<(typeof FIELDS)[number], string>;

export function checkSignUp(values: Values): FormErrors {
  const username = values.username.trim();
  return clientErrors({
    email: /^[^\s@]+@[^\s@]+$/.test(values.email.trim())
      ? undefined
      : "Enter your email address, like name@example.com.",
    password:
      values.password.length < 12
        ? "Use at least 12 characters."
        : values.password.length > 128
          ? "Use at most 128 characters."
          : undefined,
    username:
      username && !/^[A-Za-z0-9_.-]{3,32}$/.test(username)
        ? "Use 3 to 32 letters, digits, dots, dashes or underscores."
        : undefined,
  });
}

export function SignUpPage() {
  usePageTitle("Create an account");
  const [values, setValues] = useState<Values>({
    email: "",
    password: "",
    username: "",
    display_name: "",
  });
  const { formRef, errors, setErrors, check } = useFormErrors();

  const mutation = useMutation({
    mutationFn: () => {
      const input: SignUpInput = { email: values.email.trim(), password: values.password };
      if (values.username.trim()) input.username = values.username.trim();
      if (values.display_name.trim()) input.display_name = values.display_name.trim();
      return signUp(input);
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, FIELDS, { username_taken: "username" }));
    },
  });

  // The reply is the same whether or not the email already had an account (the server mails
  // its owner instead), so the page never says "created": it says where to look.
  if (mutation.isSuccess) {
    return (
      <section className="page page-narrow" aria-labelledby="page-title">
        <h1 id="page-title">Check your inbox</h1>
        <p role="status">
          We sent a mail to <strong>{mutation.data.email}</strong>. Open the link in it to confirm
          your address, then sign in. If this address already has an account, the mail tells you how
          to sign in to it instead.
        </p>
        <p>
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
        </p>
      </section>
    );
  }

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = checkSignUp(values);
    if (check(checked)) mutation.mutate();
  };
  const bind = (name: keyof Values) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
    },
  });

  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Create an account</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <FormAlert message={errors.form} />
        <TextField label="Email" type="email" autoComplete="email" {...bind("email")} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="12 to 128 characters. A few unrelated words make a strong one."
          {...bind("password")}
        />
        <TextField
          label="Username (optional)"
          autoComplete="username"
          hint="3 to 32 letters, digits, dots, dashes or underscores."
          {...bind("username")}
        />
        <TextField label="Display name (optional)" autoComplete="name" {...bind("display_name")} />
        <SubmitButton busy={mutation.isPending} busyLabel="Creating your account…">
          Create account
        </SubmitButton>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
