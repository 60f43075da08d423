import { Link, useLocation } from "react-router";
import { usePageTitle } from "../components/use-page-title";

export function NotFoundPage() {
  usePageTitle("Page not found");
  const { pathname } = useLocation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. Check the address, or start again from the home
        page.
      </p>
      <p>
        <Link to="/" className="button">
          Go to the home page
        </Link>
      </p>
    </section>
  );
}
