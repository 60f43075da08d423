// The development stand-ins and the local stack built from them. What provisions that stack
// (roles, schemas, migrations, topics, Vault, keys) is @turnout/provisioning, which production
// uses too; nothing of it is re-exported here, so each importer names the package it needs.
export const devStackProbe = (): string => "stack";
export { startBroker } from "./broker/start-broker";
export type { BrokerExit, DevBroker, StartBrokerOptions } from "./broker/start-broker";
export { ensureBrokerBinary } from "./broker/build";
export { startPostgres } from "./postgres/start-postgres";
export type { RunningPostgres, StartPostgresOptions } from "./postgres/start-postgres";
export { freePort } from "./util/free-port";
export { startStack } from "./stack/start-stack";
export type { RunningStack, StartStackOptions } from "./stack/start-stack";
export { readStackInfo, stackInfo, STACK_ENV } from "./stack/stack-info";
export type { StackInfo, ServiceDbInfo } from "./stack/stack-info";
export { startVaultServer } from "./vault/vault-server";
export type { VaultServer, VaultServerOptions } from "./vault/vault-server";
export { startNginx } from "./nginx/start-nginx";
export type { RunningNginx, StartNginxOptions } from "./nginx/start-nginx";
export type { NginxExit } from "./nginx/nginx-process";
export { renderGatewayConfig, gatewayTemplatePath } from "./nginx/render-gateway-config";
export {
  GATEWAY_AREAS,
  GATEWAY_PLACEHOLDERS,
  DEFAULT_GATEWAY_LIMITS,
  limitValues,
  defaultUpstreams,
  retryAfterSeconds,
} from "./nginx/gateway-values";
export type {
  GatewayArea,
  GatewayLimits,
  GatewayPlaceholder,
  GatewayValues,
} from "./nginx/gateway-values";
export { findNginx } from "./nginx/find-nginx";
export type { ExternalInfrastructure } from "./stack/start-stack";
export { DEV_BROKER_ENV, peerUrlVariable, serviceEnvironment } from "./stack/service-environment";
export {
  MALLOC_TUNING,
  V8_FLAGS,
  serviceProcessEnv,
  startServiceProcess,
  waitUntilReady,
} from "./services/service-process";
export type { ServiceProcess } from "./services/service-process";
export { startMailServer } from "./mail/mail-server";
export type { MailServer, StartMailServerOptions } from "./mail/mail-server";
export type { CapturedMail } from "./mail/mail-store";
