import { z } from "zod";
import { defineEvent } from "../event-definition";
import { ianaTimeZoneSchema, timestampSchema, uuidSchema } from "../primitives";
import { TOPICS } from "../topics";

const EXAMPLE_USER_ID = "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10";

const userSettingsChangedV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The account whose settings changed; the envelope's `subject`."),
    notifications: z
      .looseObject({
        email: z.boolean().describe("Whether the user wants notifications by email."),
        in_app: z.boolean().describe("Whether the user wants notifications in the app's inbox."),
      })
      .describe("Notification channels the user accepts."),
    locale: z.string().min(2).max(35).describe("BCP 47 language tag, e.g. `en` or `de-DE`."),
    timezone: ianaTimeZoneSchema.describe("The user's IANA time zone, for times in messages."),
    event_reminders: z
      .boolean()
      .optional()
      .describe(
        "Whether the user wants a reminder before events they booked. Absent in messages " +
          "written before it existed (read it as true).",
      ),
    changed_at: timestampSchema.describe("When the settings were saved."),
  })
  .meta({ title: "UserSettingsChangedV1Data" });

export const userSettingsChangedV1 = defineEvent({
  type: "turnout.user.settings-changed.v1",
  topic: TOPICS.userSettingsChanged,
  version: 1,
  title: "User settings changed (v1)",
  description:
    "A user saved their settings. Carries the whole settings object after the change, so the " +
    "notification service can honour the channels, language and time zone without calling back.",
  producer: "user-service",
  consumers: ["notification-service"],
  subjectField: "user_id",
  data: userSettingsChangedV1Data,
  example: {
    specversion: "1.0",
    id: "6a8c0e2a-4c6e-4a8c-9e0a-2c4e6a8c0e17",
    source: "/turnout/user-service",
    type: "turnout.user.settings-changed.v1",
    time: "2025-09-07T11:00:00.000Z",
    subject: EXAMPLE_USER_ID,
    datacontenttype: "application/json",
    data: {
      user_id: EXAMPLE_USER_ID,
      notifications: { email: false, in_app: true },
      locale: "de-DE",
      timezone: "Europe/Berlin",
      event_reminders: true,
      changed_at: "2025-09-07T11:00:00.000Z",
    },
  },
});

const userDeletedV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The deleted account; the envelope's `subject`."),
    deleted_at: timestampSchema.describe("When the profile was deleted."),
    deleted_by: uuidSchema.describe("The admin (or the user themselves) who deleted it."),
  })
  .meta({ title: "UserDeletedV1Data" });

export const userDeletedV1 = defineEvent({
  type: "turnout.user.deleted.v1",
  topic: TOPICS.userDeleted,
  version: 1,
  title: "User deleted (v1)",
  description:
    "An account was deleted. The auth service disables it and ends every session; the " +
    "notification service stops mailing it. Carries no personal data beyond the id.",
  producer: "user-service",
  consumers: ["auth-service", "notification-service", "registration-service"],
  subjectField: "user_id",
  data: userDeletedV1Data,
  example: {
    specversion: "1.0",
    id: "7b9d1f3b-5d7f-4b9d-8f1b-3d5f7b9d1f28",
    source: "/turnout/user-service",
    type: "turnout.user.deleted.v1",
    time: "2025-09-08T12:00:00.000Z",
    subject: EXAMPLE_USER_ID,
    datacontenttype: "application/json",
    data: {
      user_id: EXAMPLE_USER_ID,
      deleted_at: "2025-09-08T12:00:00.000Z",
      deleted_by: "5d7f9b1c-3e5a-4c7e-9a1b-3c5e7a9b1d2f",
    },
  },
});

const userProfileUpdatedV1Data = z
  .looseObject({
    user_id: uuidSchema.describe("The account whose public profile changed; the `subject`."),
    username: z
      .string()
      .min(1)
      .nullable()
      .describe("The handle after the change (lower-case), or null when the profile has none."),
    display_name: z.string().nullable().describe("The name shown to others after the change."),
    changed: z
      .array(z.string().min(1))
      .min(1)
      .describe("Which of `username` and `display_name` this change set."),
    updated_at: timestampSchema.describe("When the profile was saved."),
  })
  .meta({ title: "UserProfileUpdatedV1Data" });

export const userProfileUpdatedV1 = defineEvent({
  type: "turnout.user.profile-updated.v1",
  topic: TOPICS.userProfileUpdated,
  version: 1,
  title: "User profile updated (v1)",
  description:
    "A user (or an admin) changed the username or display name. The auth service adopts the " +
    "new username, so logging in by username follows the profile.",
  producer: "user-service",
  consumers: ["auth-service", "registration-service"],
  subjectField: "user_id",
  data: userProfileUpdatedV1Data,
  example: {
    specversion: "1.0",
    id: "8c0e2a4c-6e8a-4c0e-9a2c-4e6a8c0e2a39",
    source: "/turnout/user-service",
    type: "turnout.user.profile-updated.v1",
    time: "2025-09-07T10:00:00.000Z",
    subject: EXAMPLE_USER_ID,
    datacontenttype: "application/json",
    data: {
      user_id: EXAMPLE_USER_ID,
      username: "countess",
      display_name: "Ada, Countess of Lovelace",
      changed: ["username", "display_name"],
      updated_at: "2025-09-07T10:00:00.000Z",
    },
  },
});
