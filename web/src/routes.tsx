import type { QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { AppRoot } from "./components/AppRoot";
import { CheckInEventsPage } from "./pages/checkin/CheckInEventsPage";
import { AdminUsersPage } from "./pages/admin/AdminUsersPage";
import { MyRegistrationsPage } from "./pages/account/MyRegistrationsPage";
import { NotificationsPage } from "./pages/account/NotificationsPage";
import { ApiTokensPage } from "./pages/account/ApiTokensPage";
import { ProfilePage } from "./pages/account/ProfilePage";
import { SettingsPage } from "./pages/account/SettingsPage";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage";
import { SignInPage } from "./pages/auth/SignInPage";
import { SignUpPage } from "./pages/auth/SignUpPage";
import { VerifyEmailPage } from "./pages/auth/VerifyEmailPage";
import { EventPage } from "./pages/events/EventPage";
import { EventsPage } from "./pages/events/EventsPage";
import { HomePage } from "./pages/HomePage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { AttendeesPage } from "./pages/organizer/AttendeesPage";
import { EditEventPage, NewEventPage } from "./pages/organizer/EventFormPages";
import { MyEventsPage } from "./pages/organizer/MyEventsPage";
import { RouteErrorPage } from "./pages/RouteErrorPage";
import { TicketPage } from "./pages/tickets/TicketPage";
import { WebhookEndpointPage } from "./pages/webhooks/WebhookEndpointPage";
import { WebhooksPage } from "./pages/webhooks/WebhooksPage";

const signedIn = (page: ReactNode) => <RequireAuth>{page}</RequireAuth>;
const organizer = (page: ReactNode) => <RequireAuth role="organizer">{page}</RequireAuth>;
const admin = (page: ReactNode) => <RequireAuth role="admin">{page}</RequireAuth>;

/**
 * Every client route. The browser router (main.tsx) and the tests' memory router share this
 * list; tests pass a query client of their own. The pathless child holds the error boundary so
 * a failing page renders inside the layout instead of replacing it.
 */
export function createRoutes(options: { queryClient?: QueryClient } = {}): RouteObject[] {
  return [
    {
      path: "/",
      element: <AppRoot {...options} />,
      children: [
        {
          errorElement: <RouteErrorPage />,
          children: [
            { index: true, element: <HomePage /> },
            { path: "events", element: <EventsPage /> },
            { path: "events/new", element: organizer(<NewEventPage />) },
            { path: "events/:eventId", element: <EventPage /> },
            { path: "events/:eventId/edit", element: organizer(<EditEventPage />) },
            { path: "events/:eventId/attendees", element: organizer(<AttendeesPage />) },
            { path: "sign-in", element: <SignInPage /> },
            { path: "sign-up", element: <SignUpPage /> },
            { path: "verify-email", element: <VerifyEmailPage /> },
            { path: "forgot-password", element: <ForgotPasswordPage /> },
            { path: "reset-password", element: <ResetPasswordPage /> },
            { path: "my/registrations", element: signedIn(<MyRegistrationsPage />) },
            { path: "tickets/:registrationId", element: signedIn(<TicketPage />) },
            { path: "my/events", element: organizer(<MyEventsPage />) },
            { path: "notifications", element: signedIn(<NotificationsPage />) },
            { path: "profile", element: signedIn(<ProfilePage />) },
            { path: "settings", element: signedIn(<SettingsPage />) },
            { path: "settings/api-tokens", element: signedIn(<ApiTokensPage />) },
            { path: "organizer/webhooks", element: organizer(<WebhooksPage />) },
            { path: "organizer/webhooks/:endpointId", element: organizer(<WebhookEndpointPage />) },
            { path: "admin/users", element: admin(<AdminUsersPage />) },
            { path: "check-in", element: signedIn(<CheckInEventsPage />) },
            { path: "check-in/:eventId", lazy: () => import("./pages/checkin/scanner-route") },
            { path: "*", element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ];
}
