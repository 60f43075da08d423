import type { DemoUrls } from "./seed-demo";

/** The seed's URLs from a service-name → URL map (the runner's `services`). */
export function demoUrls(services: Readonly<Record<string, string>>): DemoUrls {
  const url = (service: string): string => {
    const found = services[service];
    if (!found) throw new Error(`the running platform has no ${service}`);
    return found;
  };
  return {
    auth: url("auth-service"),
    events: url("event-service"),
    registrations: url("registration-service"),
  };
}
