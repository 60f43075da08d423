import { useSuiteContext } from "./helpers/suite-context";
import { seatCancelTests } from "./suites/seat-cancel";
import { seatOfferTests } from "./suites/seat-offers";
import { seatsChangedTests } from "./suites/seats-changed";
import { seatTransferTests } from "./suites/seat-transfers";

// Per-seat self-service over the real stack: cancelling one seat, offering and accepting seat
// transfers (an offer's message and limits), the messages a booking's seat changes write, and
// the seat-change deadline, checked against the real event service's ledger.
const ctx = useSuiteContext();

seatCancelTests(ctx);
seatTransferTests(ctx);
seatOfferTests(ctx);
seatsChangedTests(ctx);
