import { useSuiteContext } from "./helpers/suite-context";
import { bookingRuleTests } from "./suites/booking-rules";
import { bookingTests } from "./suites/bookings";
import { partyWaitlistTests } from "./suites/party-waitlist";

// Bookings (docs/booking-model.md, "Bookings"): party bookings of a ticket type, the type's
// rules and the answers, and the party waitlist, over the real stack (real auth and event
// service processes, outbox relay and broker).
const ctx = useSuiteContext();

bookingTests(ctx);
bookingRuleTests(ctx);
partyWaitlistTests(ctx);
