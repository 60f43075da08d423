/**
 * The scopes an API token may carry, with what each opens and the roles that may hold it
 * (docs/integrations.md "Scopes"). The roles are the ceiling: a form offers only these.
 */
export interface ScopeInfo {
  scope: string;
  opens: string;
  /** Undefined: anyone signed in. */
  roles?: readonly string[];
}

const ORGANIZERS = ["organizer", "admin"] as const;

export const SCOPES: readonly ScopeInfo[] = [
  { scope: "profile:read", opens: "read your profile, settings and activity" },
  { scope: "profile:write", opens: "change your profile and settings" },
  { scope: "events:read", opens: "read events, ticket types and availability" },
  { scope: "events:write", opens: "create, change and cancel events", roles: ORGANIZERS },
  { scope: "registrations:read", opens: "read registrations and attendee lists" },
  { scope: "registrations:write", opens: "register, cancel, transfer, approve" },
  { scope: "checkin:write", opens: "scan tickets and manage check-in" },
  { scope: "notifications:read", opens: "read your notifications" },
  { scope: "notifications:write", opens: "mark notifications read" },
  { scope: "webhooks:read", opens: "list webhook endpoints and deliveries", roles: ORGANIZERS },
  { scope: "webhooks:write", opens: "manage webhook endpoints", roles: ORGANIZERS },
];

/** The scopes someone with `roles` may give a token. */
export const scopesFor = (roles: readonly string[]): ScopeInfo[] =>
  SCOPES.filter((s) => !s.roles || s.roles.some((r) => roles.includes(r)));

export const EXPIRY_CHOICES = [
  { value: "", label: "90 days (the default)" },
  { value: "30", label: "30 days" },
  { value: "365", label: "365 days" },
] as const;

/** `expires_at` for a choice of days from `now`; none for the service's default. */
export function expiresAtFor(days: string, now = new Date()): string | undefined {
  const n = Number(days);
  if (!days || !Number.isInteger(n) || n <= 0) return undefined;
  return new Date(now.getTime() + n * 86_400_000).toISOString();
}

/** The create form's own checks, worded like the API's. */
export function tokenFormProblems(name: string, scopes: readonly string[]) {
  const trimmed = name.trim();
  return {
    name: !trimmed
      ? "Give the token a name."
      : trimmed.length > 100
        ? "Use at most 100 characters."
        : undefined,
    scopes: scopes.length === 0 ? "Choose at least one scope." : undefined,
  };
}
