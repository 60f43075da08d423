import { join } from "node:path";

/**
 * Root-owned, world-traversable home of what a root-started PostgreSQL needs outside a private
 * clone: the binaries and the clusters whose own folders its user cannot reach.
 * TURNOUT_SYSTEM_DIR moves it (default /var/lib/turnout).
 */
export function systemDir(): string {
  return process.env.TURNOUT_SYSTEM_DIR ?? join("/var", "lib", "turnout");
}
