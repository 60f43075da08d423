import { useSuiteContext } from "./helpers/suite-context";
import { crashRecoveryTests } from "./suites/crash-recovery";
import { eventChangeTests } from "./suites/event-changes";
import { ledgerOutageTests } from "./suites/ledger-outages";

// The seat saga's failure paths over the real stack: crashes at each step, event service
// outages, and the event service's own changes arriving over Kafka.
const ctx = useSuiteContext();

crashRecoveryTests(ctx);
ledgerOutageTests(ctx);
eventChangeTests(ctx);
