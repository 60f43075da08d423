import { readServiceList } from "@turnout/provisioning";

/** The `/api/v1/<area>/` prefixes the gateway routes, one per service. */
export const GATEWAY_AREAS = ["auth", "users", "events", "registrations", "notifications"] as const;
export type GatewayArea = (typeof GATEWAY_AREAS)[number];

/** Every placeholder of infra/nginx/gateway.conf.template (the template's header explains each). */
export const GATEWAY_PLACEHOLDERS = [
  "LISTEN_HOST",
  "LISTEN_PORT",
  "WORKER_PROCESSES",
  "PREFIX",
  "ACCESS_LOG",
  "AUTH_UPSTREAM",
  "USERS_UPSTREAM",
  "EVENTS_UPSTREAM",
  "REGISTRATIONS_UPSTREAM",
  "NOTIFICATIONS_UPSTREAM",
  "WEB_ROOT",
  "DOCS_ROOT",
  "AUTH_RATE_LIMIT",
  "AUTH_BURST",
  "AUTH_RETRY_AFTER",
  "SESSION_RATE_LIMIT",
  "SESSION_BURST",
  "SESSION_RETRY_AFTER",
] as const;
export type GatewayPlaceholder = (typeof GATEWAY_PLACEHOLDERS)[number];
export type GatewayValues = Record<GatewayPlaceholder, string | number>;

/**
 * The gateway's per-address ceilings (infra/nginx/README.md, "Rate limits"). Ceilings on every
 * request, generous enough for a venue whose attendees share one address; failed logins and
 * reset requests are counted per address by the auth service, which knows the outcome.
 */
export interface GatewayLimits {
  /** Login, register and password-reset requests per client address (nginx rate). */
  authRateLimit: string;
  /** How many requests over that rate pass at once before the zone refuses. */
  authBurst: number;
  /** `/refresh` and `/logout` requests per client address (nginx rate). */
  sessionRateLimit: string;
  sessionBurst: number;
}

export const DEFAULT_GATEWAY_LIMITS: Readonly<GatewayLimits> = {
  authRateLimit: "300r/m",
  authBurst: 100,
  sessionRateLimit: "120r/m",
  sessionBurst: 60,
};

/** The template's limit placeholders, each rate's Retry-After computed from it. */
export function limitValues(limits: Partial<GatewayLimits> = {}): Partial<GatewayValues> {
  const all = { ...DEFAULT_GATEWAY_LIMITS, ...limits };
  for (const [name, burst] of [
    ["authBurst", all.authBurst],
    ["sessionBurst", all.sessionBurst],
  ] as const) {
    if (!Number.isInteger(burst) || burst < 0) {
      throw new Error(`${name} must be a whole number of requests (0 or more): ${burst}`);
    }
  }
  return {
    AUTH_RATE_LIMIT: all.authRateLimit,
    AUTH_BURST: all.authBurst,
    AUTH_RETRY_AFTER: retryAfterSeconds(all.authRateLimit),
    SESSION_RATE_LIMIT: all.sessionRateLimit,
    SESSION_BURST: all.sessionBurst,
    SESSION_RETRY_AFTER: retryAfterSeconds(all.sessionRateLimit),
  };
}

export const upstreamPlaceholder = (area: GatewayArea): GatewayPlaceholder =>
  `${area.toUpperCase() as Uppercase<GatewayArea>}_UPSTREAM`;

/** Each area's service on `host` at its port from infra/postgres/services.json. */
export function defaultUpstreams(host = "127.0.0.1"): Record<GatewayArea, string> {
  const services = readServiceList().services;
  const upstreams: Partial<Record<GatewayArea, string>> = {};
  for (const area of GATEWAY_AREAS) {
    const service = services.find((s) => s.area === area);
    if (!service) throw new Error(`infra/postgres/services.json has no service for area ${area}`);
    upstreams[area] = `${host}:${service.port}`;
  }
  return upstreams as Record<GatewayArea, string>;
}

const nginxRate = /^([1-9]\d*)r\/([sm])$/;

/**
 * The Retry-After for a refused request: one period of the rate, i.e. when the zone lets the
 * next request through once the burst is used up ("10r/m" → 6 s).
 */
export function retryAfterSeconds(rate: string): number {
  const match = nginxRate.exec(rate);
  if (!match) throw new Error(`not an nginx rate such as "10r/m" or "2r/s": ${rate}`);
  const perUnit = Number(match[1]);
  const unitSeconds = match[2] === "m" ? 60 : 1;
  return Math.max(1, Math.ceil(unitSeconds / perUnit));
}
