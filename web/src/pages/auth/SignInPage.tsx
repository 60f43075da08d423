import { useMutation } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { logIn } from "../../api/auth";
import { setSession } from "../../api/session";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";

/** Only paths inside the app: an open redirect through `next` is not possible. */
export const safeNext = (next: string | null): string =>
  next?.startsWith("/") && !next.startsWith("//") ? next : "/events";

export function SignInPage() {
  usePageTitle("Sign in");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const { formRef, errors, setErrors, check } = useFormErrors();

  const mutation = useMutation({
    mutationFn: () => logIn(login.trim(), password),
    onSuccess: async (session) => {
      setSession(session);
      await navigate(safeNext(params.get("next")), { replace: true });
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, ["email", "username", "password"]));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const checked = clientErrors({
      login: login.trim() ? undefined : "Enter your email address or username.",
      password: password ? undefined : "Enter your password.",
    });
    if (check(checked)) mutation.mutate();
  };

  const fieldError = (name: string) => errors.fields[name];
  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Sign in</h1>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <FormAlert message={errors.form} />
        <TextField
          label="Email or username"
          name="login"
          autoComplete="username"
          value={login}
          onChange={(e) => {
            setLogin(e.target.value);
          }}
          error={fieldError("login") ?? fieldError("email") ?? fieldError("username")}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
          error={fieldError("password")}
        />
        <SubmitButton busy={mutation.isPending} busyLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/sign-up">Create an account</Link>
      </p>
    </section>
  );
}
