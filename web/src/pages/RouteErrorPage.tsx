import { Link } from "react-router";
import { usePageTitle } from "../components/use-page-title";

/** A page that crashed while rendering; the layout around it keeps working. */
export function RouteErrorPage() {
  usePageTitle("Something went wrong");
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Something went wrong</h1>
      <p role="alert">This page could not be shown. Reload it, or go back to the home page.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
