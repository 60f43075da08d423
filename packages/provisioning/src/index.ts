// What a Turnout installation needs before its services start, against real PostgreSQL, Kafka
// and Vault as much as against the development stand-ins: production's init jobs, the ops
// commands and the local runner all provision through this package (README.md).
export { repoRoot } from "./repo-root";
export { formatDuration, parseDuration } from "./duration";
export { bootstrapDatabase } from "./database/bootstrap-database";
export type { ServiceRole } from "./database/bootstrap-database";
export { migrate, migrationDirs } from "./database/migrate";
export type { MigrateOptions } from "./database/migrate";
export { readServiceList, roleUrl } from "./database/service-list";
export type { ServiceDatabase } from "./database/service-list";
export {
  deadLetterTopic,
  defaultTopicListPath,
  readTopicList,
  topicSpecSchema,
  withDeadLetterTopics,
} from "./kafka/topics";
export type { TopicSpec } from "./kafka/topics";
export { ensureTopics } from "./kafka/ensure-topics";
export { bootstrapVault, turnoutRoleName } from "./vault/bootstrap";
export type {
  AppRoleCredentials,
  BootstrapVaultOptions,
  BootstrapVaultResult,
} from "./vault/bootstrap";
export type { VaultAdminClient } from "./vault/admin-client";
export { CasMismatchError, createKvV2 } from "./vault/kv-v2";
export type { KvV2, KvVersion, VaultConnection } from "./vault/kv-v2";
export { generateSigningKey, publicJwkOf, signingSecretData } from "./keys/signing-key";
export type { SigningKey } from "./keys/signing-key";
export { KEY_FAMILIES, keyPaths } from "./keys/key-family";
export type { KeyFamily, KeyPaths } from "./keys/key-family";
export { RETIRE_AFTER } from "./keys/retention";
export {
  DEFAULT_MAX_TICKET_LIFETIME_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_MS,
  JWKS_PATH,
  RotationConflictError,
  RotationRefusedError,
  SIGNING_PATH,
  rotateKeys,
} from "./keys/rotate-keys";
export type { RotateKeysOptions, RotationResult } from "./keys/rotate-keys";
