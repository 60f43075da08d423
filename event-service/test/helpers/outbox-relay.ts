import { startStandaloneRelay } from "@turnout/kit";
import { serviceRelayOptions } from "@turnout/test-kit";
import { SERVICE } from "../../src/config";

/** A real relay on this service's schema, so events written by the app reach their topics. */
export const startEventOutboxRelay = () => startStandaloneRelay(serviceRelayOptions(SERVICE));
