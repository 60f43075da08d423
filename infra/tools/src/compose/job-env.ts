/**
 * Environment of the compose init jobs. The variable names are derived from the service names
 * of infra/postgres/services.json, so the env file, docker-compose.yml, the jobs and the static
 * check agree without a second list.
 */

/** "auth-service" → "AUTH_SERVICE": the prefix of that service's variables in the env file. */
export const envPrefix = (service: string): string =>
  service.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export const dbPasswordVar = (service: string): string => `${envPrefix(service)}_DB_PASSWORD`;
export const vaultRoleIdVar = (service: string): string => `${envPrefix(service)}_VAULT_ROLE_ID`;
export const vaultSecretIdVar = (service: string): string =>
  `${envPrefix(service)}_VAULT_SECRET_ID`;

/** Collects every missing variable so one run names them all, not one per attempt. */
export class EnvReader {
  private readonly missing: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  get(name: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    this.missing.push(name);
    return "";
  }

  /** Throws naming every variable that was asked for and is unset or blank. */
  done(): void {
    if (this.missing.length > 0) {
      throw new Error(`missing environment variables: ${this.missing.join(", ")}`);
    }
  }
}
