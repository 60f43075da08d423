// The outbound webhook sender: what the dispatcher and the endpoint routes use.
export { checkDestination, parseAllowedCidrs } from "./address-guard";
export type { GuardOptions, Resolve, ResolvedAddress } from "./address-guard";
export { parseRetrySchedule, retryDelay } from "./retry-schedule";
export { createWebhookSender } from "./sender";
export type { OutboundError, OutboundOptions, OutboundRequest, OutboundResult } from "./sender";
export { generateWebhookSecret } from "./signing";
