import { useSuiteContext } from "./helpers/suite-context";
import { accessTests } from "./suites/access";
import { idempotencyTests } from "./suites/idempotency";
import { listingTests } from "./suites/listings";
import { organizerActionTests } from "./suites/organizer-actions";
import { promotionTests } from "./suites/promotion";
import { signUpTests } from "./suites/sign-up";

// `/api/v1/registrations` over the real stack, with real auth and event service processes
// (started once for the file: that is the slow part) and a real outbox relay and broker.
const ctx = useSuiteContext();

signUpTests(ctx);
idempotencyTests(ctx);
listingTests(ctx);
accessTests(ctx);
organizerActionTests(ctx);
promotionTests(ctx);
