import {
  cleanDisplayName,
  emailVerificationRequestedV1,
  parseEvent,
  passwordResetRequestedV1,
  registrationAttemptedV1,
  userDeletedV1,
  userRegisteredV1,
  userSettingsChangedV1,
} from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import { welcomeNotice } from "../domain/notices";
import { accountMailAllowed, greetingName } from "../domain/recipients";
import type { Repositories } from "../data/repositories";
import { passwordResetMail, signUpAttemptMail, verifyEmailMail } from "../mail/templates";
import { deliverNotice, queueMail, timeStyleFor, type FlowContext } from "./deliver";

/** `user-registered`: remember the address and name; a welcome entry in the inbox. */
export function userRegisteredHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    userRegisteredV1.type,
    (raw) => parseEvent(userRegisteredV1, raw),
    async (event, tx) => {
      const { user_id: userId, email, display_name: displayName } = event.data;
      // Kept by the one display-name rule: a name that breaks it is cleaned or dropped, never a
      // reason to fail the event; templates clean and quote it again when they print it.
      await tx.recipients.saveRegistered({
        userId,
        email,
        displayName: cleanDisplayName(displayName),
      });
      const recipient = await tx.recipients.find(userId);
      // The welcome mail goes out with the verification link (email-verification-requested).
      await deliverNotice(tx, ctx, {
        sourceEventId: event.id,
        userId,
        recipient,
        notice: welcomeNotice(),
      });
    },
  );
}

/** `user-settings-changed`: channels, reminders, locale and zone for every later message. */
export function userSettingsChangedHandler(): EventHandler<Repositories> {
  return onEvent(
    userSettingsChangedV1.type,
    (raw) => parseEvent(userSettingsChangedV1, raw),
    async (event, tx) => {
      const data = event.data;
      await tx.recipients.saveSettings({
        userId: data.user_id,
        emailEnabled: data.notifications.email,
        inAppEnabled: data.notifications.in_app,
        locale: data.locale,
        timezone: data.timezone,
        eventReminders: data.event_reminders ?? true,
        changedAt: data.changed_at,
      });
    },
  );
}

/** `user-deleted`: stop mailing and forget the address (recipients.ts). */
export function userDeletedHandler(): EventHandler<Repositories> {
  return onEvent(
    userDeletedV1.type,
    (raw) => parseEvent(userDeletedV1, raw),
    async (event, tx) => {
      await tx.recipients.forget(event.data.user_id, event.data.deleted_at);
    },
  );
}

/**
 * The two internal topics that carry a single-use token to its mail. The token goes into the
 * mail's link and nowhere else: no log line, no inbox entry (an inbox is not a secure channel
 * for a password reset), and the mail row's body is cleared once sent.
 */
export function accountMailHandlers(ctx: FlowContext): EventHandler<Repositories>[] {
  const flows = [
    { definition: emailVerificationRequestedV1, kind: "verify_email", template: verifyEmailMail },
    { definition: passwordResetRequestedV1, kind: "password_reset", template: passwordResetMail },
  ] as const;
  return flows.map(({ definition, kind, template }) =>
    onEvent(
      definition.type,
      (raw) => parseEvent(definition, raw),
      async (event, tx) => {
        const data = event.data;
        const recipient = await tx.recipients.find(data.user_id);
        if (!accountMailAllowed(recipient)) return;
        const doc = template({
          name: greetingName(data.display_name),
          token: data.token,
          expiresAt: data.expires_at,
          publicUrl: ctx.publicUrl,
          style: timeStyleFor(recipient),
        });
        await queueMail(tx, ctx, {
          sourceEventId: event.id,
          userId: data.user_id,
          kind,
          to: data.email,
          doc,
          expiresAt: data.expires_at,
        });
      },
    ),
  );
}

/**
 * `registration-attempted` (on the sign-up mail topic): someone signed up with the address of an
 * existing account; its owner is told, like any account mail never to a deleted user.
 */
export function signUpAttemptHandler(ctx: FlowContext): EventHandler<Repositories> {
  return onEvent(
    registrationAttemptedV1.type,
    (raw) => parseEvent(registrationAttemptedV1, raw),
    async (event, tx) => {
      const { user_id: userId, email } = event.data;
      if (!accountMailAllowed(await tx.recipients.find(userId))) return;
      await queueMail(tx, ctx, {
        sourceEventId: event.id,
        userId,
        kind: "sign_up_attempt",
        to: email,
        doc: signUpAttemptMail({ publicUrl: ctx.publicUrl }),
      });
    },
  );
}
