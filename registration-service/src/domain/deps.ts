import type { Logger } from "@turnout/kit";
import type { RegistrationSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { EventDirectory, SeatLedger } from "./seat-ledger";
import type { Tickets } from "./tickets";

/** What the use cases need; passed in by hand (main.ts, the tests). */
export interface RegistrationDeps {
  /** Repositories and units of work (docs/data-layer.md). */
  data: ServiceDatabase;
  settings: RegistrationSettings;
  /** The event service's seat ledger (tests may wrap it to inject a crash). */
  ledger: SeatLedger;
  /** The event service's public event read. */
  events: EventDirectory;
  logger: Logger;
  /** Signs and verifies ticket codes (docs/tickets.md). */
  tickets: Tickets;
}
