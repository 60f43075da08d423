import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { verifyEmail } from "../../api/auth";
import { toApiError } from "../../api/client";
import { useSession } from "../../auth/use-session";
import { Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";

/** The link from the welcome mail: `/verify-email?token=…` confirms the address at once. */
export function VerifyEmailPage() {
  usePageTitle("Confirm your email");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const signedIn = useSession() !== null;
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => verifyEmail(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me", "account"] }),
  });
  // A token works once: StrictMode's second effect run must not send it again.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    mutation.mutate();
  }, [token, mutation]);

  let body;
  if (!token) {
    body = (
      <p className="notice notice-error" role="alert">
        This link has no token. Open the link from the mail again, or copy all of it.
      </p>
    );
  } else if (mutation.isSuccess) {
    body = (
      <>
        <p className="notice notice-success" role="status">
          Your email address is confirmed. Thank you!
        </p>
        <p>
          <Link to={signedIn ? "/events" : "/sign-in"} className="button">
            {signedIn ? "Browse events" : "Sign in"}
          </Link>
        </p>
      </>
    );
  } else if (mutation.isError) {
    const error = toApiError(mutation.error);
    body = (
      <div className="notice notice-error" role="alert">
        <p>
          {error.code === "invalid_token"
            ? "This link has expired or was already used. If you opened it before, your address is already confirmed."
            : error.message}
        </p>
      </div>
    );
  } else {
    body = <Loading>Confirming your email address…</Loading>;
  }

  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Confirm your email</h1>
      {body}
    </section>
  );
}
