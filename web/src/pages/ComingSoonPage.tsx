import { Link } from "react-router";
import { usePageTitle } from "../components/use-page-title";

/** Stands in for a page a later change builds; the route already exists so links work. */
export function ComingSoonPage({ title, summary }: { title: string; summary: string }) {
  usePageTitle(title);
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <p>{summary}</p>
      <p className="notice">This page is coming soon.</p>
      <p>
        <Link to="/">Back to the home page</Link>
      </p>
    </section>
  );
}

export const EventsPage = () => (
  <ComingSoonPage
    title="Events"
    summary="Every published event, with search and filters by date and category."
  />
);

export const EventDetailsPage = () => (
  <ComingSoonPage
    title="Event details"
    summary="The event's description, time, place and seats, and a button to sign up."
  />
);

export const SignInPage = () => (
  <ComingSoonPage
    title="Sign in"
    summary="Sign in to your account, or create one, to register for events."
  />
);
