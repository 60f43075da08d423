import type { Response } from "express";
import { z } from "zod";
import { displayNameSchema } from "@turnout/contracts";
import { principalOf } from "@turnout/kit";
import {
  AVATAR_PATH_PREFIX,
  avatarFileOf,
  avatarUrl,
  isAdmin,
  USERNAME_PATTERN,
  type Actor,
  type Profile,
} from "../domain/profile-rules";

export const profileSchema = z
  .object({
    id: z.uuid(),
    username: z.string().nullable(),
    display_name: z.string().nullable(),
    bio: z.string().nullable(),
    avatar_url: z
      .string()
      .nullable()
      .describe(`A path of this service (${AVATAR_PATH_PREFIX}{file}), served to anyone.`),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Profile", description: "A profile as anyone may see it: never the email." });

export const profileWithEmailSchema = profileSchema
  .extend({ email: z.email().optional().describe("Present for admins only.") })
  .meta({ id: "ProfileWithEmail", description: "A profile; admins also see the email." });

export const profileReply = (profile: Profile): z.input<typeof profileSchema> => ({
  id: profile.id,
  username: profile.username,
  display_name: profile.displayName,
  bio: profile.bio,
  avatar_url: avatarUrl(profile.avatarFile),
  created_at: profile.createdAt.toISOString(),
  updated_at: profile.updatedAt.toISOString(),
});

/** The email is shown to admins only (it is kept for their search). */
export const profileReplyFor = (
  actor: Actor,
  profile: Profile,
): z.input<typeof profileWithEmailSchema> =>
  isAdmin(actor) ? { ...profileReply(profile), email: profile.email } : profileReply(profile);

export const actorOf = (res: Response): Actor => {
  const principal = principalOf(res);
  return { id: principal.subject, roles: principal.roles };
};

// A bio may have line breaks, but no other control characters.
const NO_CONTROL_BUT_LINES = /^(?:[^\p{Cc}]|[\n\r\t])*$/u;

export const fields = {
  // The one display-name rule, shared with auth's sign-up (packages/contracts).
  display_name: displayNameSchema
    .nullable()
    .describe(
      "1–100 characters on one line (no control characters, line breaks, text-direction " +
        "overrides or web addresses; spaces collapsed), or null.",
    ),
  bio: z
    .string()
    .max(1000)
    .regex(NO_CONTROL_BUT_LINES, "must not contain control characters other than line breaks")
    .nullable()
    .describe("At most 1000 characters, or null."),
  username: z
    .string()
    .regex(USERNAME_PATTERN, "3–32 letters, digits, '_', '.' or '-'")
    .describe("Unique whatever the letter case; stored lower-case."),
  avatar_url: z
    .string()
    .max(200)
    .refine((url) => avatarFileOf(url) !== undefined, "must be an avatar URL of this service")
    .nullable()
    .describe("null removes the avatar; new avatars are uploaded with PUT /me/avatar."),
};

export const profilePatchBody = z
  .strictObject({
    display_name: fields.display_name.optional(),
    bio: fields.bio.optional(),
    username: fields.username.optional(),
    avatar_url: fields.avatar_url.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, "name at least one field to change")
  .meta({
    id: "ProfilePatch",
    description: "Only the fields given change; unknown fields are refused.",
  });

export const profileReplaceBody = z
  .strictObject({
    display_name: fields.display_name,
    bio: fields.bio,
    username: fields.username,
  })
  .meta({ id: "ProfileReplace", description: "Every editable field; the avatar is kept." });

/** Body fields → the use case's changes. */
export const changesOf = (body: {
  display_name?: string | null | undefined;
  bio?: string | null | undefined;
  username?: string | undefined;
  avatar_url?: string | null | undefined;
}) => ({
  displayName: body.display_name,
  bio: body.bio,
  username: body.username,
  avatarUrl: body.avatar_url,
});
