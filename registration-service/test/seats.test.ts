import { useSuiteContext } from "./helpers/suite-context";
import { seatCancelTests } from "./suites/seat-cancel";
import { seatTransferTests } from "./suites/seat-transfers";

// Per-seat self-service over the real stack: cancelling one seat, offering and accepting seat
// transfers, and the seat-change deadline, checked against the real event service's ledger.
const ctx = useSuiteContext();

seatCancelTests(ctx);
seatTransferTests(ctx);
