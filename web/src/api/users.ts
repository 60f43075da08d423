import * as z from "zod/mini";
import { apiJson, apiSend, queryString } from "./client";
import { type Page, pageOf } from "./page";

export const profileSchema = z.object({
  id: z.string(),
  username: z.catch(z.nullable(z.string()), null),
  display_name: z.catch(z.nullable(z.string()), null),
  bio: z.catch(z.nullable(z.string()), null),
  avatar_url: z.catch(z.nullable(z.string()), null),
  email: z.optional(z.string()),
  created_at: z.optional(z.string()),
});
export type Profile = z.infer<typeof profileSchema>;

export const settingsSchema = z.object({
  notifications: z.object({ email: z.boolean(), in_app: z.boolean() }),
  locale: z.string(),
  timezone: z.string(),
  /** Reminders before events (docs/tickets.md); absent from a service that predates them. */
  event_reminders: z.optional(z.boolean()),
});
export type Settings = z.infer<typeof settingsSchema>;

const parseProfile = (body: unknown) => profileSchema.parse(body);
const parseSettings = (body: unknown) => settingsSchema.parse(body);
const profilePage = pageOf(profileSchema);

export type ProfileChanges = Partial<Pick<Profile, "display_name" | "bio" | "username">>;

export const getMyProfile = () => apiJson("/api/v1/users/me", parseProfile, { auth: true });

export const updateMyProfile = (changes: ProfileChanges) =>
  apiJson("/api/v1/users/me", parseProfile, { method: "PATCH", json: changes, auth: true });

/** The image's bytes as they are; the service decides the type from them. */
export const uploadAvatar = (file: Blob) =>
  apiJson("/api/v1/users/me/avatar", parseProfile, {
    method: "PUT",
    raw: file,
    contentType: file.type || "application/octet-stream",
    auth: true,
  });

export const removeAvatar = () =>
  apiSend("/api/v1/users/me/avatar", { method: "DELETE", auth: true });

export const getSettings = () =>
  apiJson("/api/v1/users/me/settings", parseSettings, { auth: true });

export const saveSettings = (settings: Settings) =>
  apiJson("/api/v1/users/me/settings", parseSettings, {
    method: "PUT",
    json: settings,
    auth: true,
  });

export const listUsers = (params: {
  q?: string;
  limit: number;
  cursor?: string;
}): Promise<Page<Profile>> =>
  apiJson(`/api/v1/users${queryString(params)}`, (b) => profilePage.parse(b), { auth: true });
