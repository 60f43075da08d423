import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { RouteDeps } from ".";
import { getSettings, saveSettings } from "../domain/settings";
import {
  canonicalLocale,
  canonicalTimeZone,
  LOCALE_MAX_LENGTH,
  type SettingsChange,
  type UserSettings,
} from "../domain/settings-rules";
import { actorOf } from "./profile-schema";

const canonical = (canon: (value: string) => string | undefined, message: string) =>
  z.string().transform((value, ctx) => {
    const result = canon(value);
    if (result === undefined) {
      ctx.addIssue({ code: "custom", message, input: value });
      return z.NEVER;
    }
    return result;
  });

const notifications = z.strictObject({
  email: z.boolean().describe("Notifications by email."),
  in_app: z.boolean().describe("Notifications in the app's inbox."),
});

const fields = {
  notifications,
  locale: z
    .string()
    .min(2)
    .max(LOCALE_MAX_LENGTH)
    .pipe(canonical(canonicalLocale, "must be a BCP 47 language tag, e.g. en or de-DE"))
    .describe("BCP 47 language tag; stored in canonical form (`en-us` → `en-US`)."),
  timezone: z
    .string()
    .max(64)
    .pipe(canonical(canonicalTimeZone, "must be an IANA time zone, e.g. Europe/Berlin"))
    .describe("IANA time zone; stored as ICU names it (`utc` → `UTC`)."),
  event_reminders: z
    .boolean()
    .describe("A reminder before events the user booked (default true); left out: unchanged."),
};

const settingsBody = z
  .strictObject({ ...fields, event_reminders: fields.event_reminders.optional() })
  .meta({ id: "SettingsRequest" });

const settingsPatchBody = z
  .strictObject({
    notifications: notifications.partial().optional(),
    locale: fields.locale.optional(),
    timezone: fields.timezone.optional(),
    event_reminders: fields.event_reminders.optional(),
  })
  .meta({ id: "SettingsPatch", description: "Any subset of the settings; the rest keep theirs." });

/** A request body under the domain's names; a field left out stays undefined. */
const settingsChange = (body: z.output<typeof settingsPatchBody>): SettingsChange => ({
  notifications: body.notifications && {
    email: body.notifications.email,
    inApp: body.notifications.in_app,
  },
  locale: body.locale,
  timezone: body.timezone,
  eventReminders: body.event_reminders,
});

const settingsSchema = z
  .object({
    notifications: z.object({ email: z.boolean(), in_app: z.boolean() }),
    locale: z.string(),
    timezone: z.string(),
    event_reminders: z.boolean(),
  })
  .meta({
    id: "Settings",
    description: "Defaults until saved: both channels on, `en`, `UTC`, event reminders on.",
  });

const settingsReply = (settings: UserSettings): z.input<typeof settingsSchema> => ({
  notifications: { email: settings.notifications.email, in_app: settings.notifications.inApp },
  locale: settings.locale,
  timezone: settings.timezone,
  event_reminders: settings.eventReminders,
});

export function settingsRoutes(api: ServiceApi, deps: RouteDeps): void {
  api.route(
    {
      method: "get",
      path: "/me/settings",
      summary: "The caller's settings",
      auth: "bearer",
      scope: "profile:read",
      responses: { 200: { description: "The settings.", schema: settingsSchema } },
      problems: { 404: "`profile_not_found`" },
    },
    async (_input, _req, res) => {
      res.json(settingsReply(await getSettings(deps.profiles, actorOf(res).id)));
    },
  );

  api.route(
    {
      method: "put",
      path: "/me/settings",
      summary:
        "Replace the caller's settings (`event_reminders` left out keeps its value); a change " +
        "publishes `user-settings-changed`",
      auth: "bearer",
      scope: "profile:write",
      request: { body: settingsBody },
      responses: { 200: { description: "The saved settings.", schema: settingsSchema } },
      problems: { 404: "`profile_not_found`" },
    },
    async ({ body }, _req, res) => {
      const saved = await saveSettings(deps.profiles, actorOf(res).id, settingsChange(body));
      res.json(settingsReply(saved));
    },
  );

  api.route(
    {
      method: "patch",
      path: "/me/settings",
      summary: "Change some of the caller's settings; a change publishes `user-settings-changed`",
      auth: "bearer",
      scope: "profile:write",
      request: { body: settingsPatchBody },
      responses: { 200: { description: "The settings after the change.", schema: settingsSchema } },
      problems: { 404: "`profile_not_found`" },
    },
    async ({ body }, _req, res) => {
      const saved = await saveSettings(deps.profiles, actorOf(res).id, settingsChange(body));
      res.json(settingsReply(saved));
    },
  );
}
