import type { RouteObject } from "react-router";
import { Layout } from "./components/Layout";
import { EventDetailsPage, EventsPage, SignInPage } from "./pages/ComingSoonPage";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { RouteErrorPage } from "./pages/RouteErrorPage";

/**
 * Every client route. The browser router (main.tsx) and the tests' memory router share this
 * list. The pathless child holds the error boundary so a failing page renders inside the
 * layout instead of replacing it.
 */
export const routes: RouteObject[] = [
  {
    path: "/",
    element: <Layout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: "events", element: <EventsPage /> },
          { path: "events/:eventId", element: <EventDetailsPage /> },
          { path: "sign-in", element: <SignInPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
