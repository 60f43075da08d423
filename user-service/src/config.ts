import { resolve } from "node:path";
import { z } from "zod";
import {
  byteSize,
  loadConfig,
  nonEmptyString,
  port,
  positiveInt,
  serviceConfig,
  sqlIdentifier,
} from "@turnout/kit";

export const SERVICE = "user-service";

/** Exported for the compose static check, which parses compose's environment with it. */
export const configSchema = serviceConfig({
  PORT: port(4002),
  DATABASE_SCHEMA: sqlIdentifier("users"),
  /**
   * Where re-encoded avatars are stored (created at start). Relative paths resolve against the
   * working directory. Every replica must see the same folder (a shared volume).
   */
  AVATAR_DIR: nonEmptyString("data/avatars"),
  /** Largest accepted upload body, before decoding (`2mb` = 2 MiB, as nginx counts). */
  AVATAR_MAX_BYTES: byteSize("2mb"),
  /** Largest decoded image (width × height) sharp may open: bounds memory per upload. */
  AVATAR_MAX_INPUT_PIXELS: positiveInt(25_000_000),
  /** Stored avatars fit in a square of this many pixels. */
  AVATAR_SIZE_PX: positiveInt(512).pipe(z.number().max(2048, "must be ≤ 2048")),
});

export type Config = ReturnType<typeof loadServiceConfig>;

/** Reads the environment once; fails listing every bad variable. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env);
}

export interface AvatarSettings {
  /** Absolute path of the avatar folder. */
  dir: string;
  maxBytes: number;
  maxInputPixels: number;
  sizePx: number;
}

/** What the routes, use cases and consumers need from the configuration. */
export interface ServiceSettings {
  avatars: AvatarSettings;
}

export function serviceSettings(config: Config): ServiceSettings {
  return {
    avatars: {
      dir: resolve(config.AVATAR_DIR),
      maxBytes: config.AVATAR_MAX_BYTES,
      maxInputPixels: config.AVATAR_MAX_INPUT_PIXELS,
      sizePx: config.AVATAR_SIZE_PX,
    },
  };
}
