import { randomUUID } from "node:crypto";
import { access, constants, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AVATAR_FILE_PATTERN } from "../domain/profile-rules";

/** The avatar folder: flat, one re-encoded WebP per file, named by `avatarFileName`. */
export interface AvatarStore {
  readonly dir: string;
  /** Creates the folder if needed (at start). */
  ensure(): Promise<void>;
  /** Throws unless the folder exists and is writable (readiness). */
  check(): Promise<void>;
  /** Writes atomically: readers see the whole file or none. */
  write(file: string, bytes: Buffer): Promise<void>;
  /** Removes a file; a missing one is not an error. */
  remove(file: string): Promise<void>;
}

// Only names of the one shape are ever joined to the folder, so no path can escape it.
function pathOf(dir: string, file: string): string {
  if (!AVATAR_FILE_PATTERN.test(file)) throw new Error("not an avatar file name");
  return join(dir, file);
}

export function createAvatarStore(dir: string): AvatarStore {
  return {
    dir,
    async ensure() {
      await mkdir(dir, { recursive: true });
    },
    async check() {
      await access(dir, constants.W_OK);
    },
    async write(file, bytes) {
      const target = pathOf(dir, file);
      const temporary = join(dir, `.${randomUUID()}.tmp`);
      await writeFile(temporary, bytes, { mode: 0o644 });
      try {
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async remove(file) {
      await rm(pathOf(dir, file), { force: true });
    },
  };
}
