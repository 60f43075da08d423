import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useMemo } from "react";
import { Link } from "react-router";
import { getSettings, saveSettings, type Settings } from "../../api/users";
import { useSignOut } from "../../auth/use-sign-out";
import { ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { CheckboxField, FormAlert, SubmitButton, TextField } from "../../forms/fields";
import { useEditedValues } from "../../forms/edited-values";
import { formErrorsFrom, NO_ERRORS, useFormErrors } from "../../forms/form-errors";
import { knownTimeZones } from "../../zoned-time";

const FIELDS = [
  "notifications.email",
  "notifications.in_app",
  "event_reminders",
  "locale",
  "timezone",
] as const;
const LOCALES = ["en", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "ja-JP"];

function SettingsForm({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const { formRef, errors, setErrors } = useFormErrors();
  const { values, setValues, saved, setSaved, edit, textField } = useEditedValues(settings, errors);
  const zones = useMemo(() => knownTimeZones(), []);
  const save = useMutation({
    mutationFn: saveSettings,
    onSuccess: (stored) => {
      queryClient.setQueryData(["me", "settings"], stored);
      setValues(stored);
      setSaved(true);
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, FIELDS));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(false);
    save.mutate({ ...values, locale: values.locale.trim(), timezone: values.timezone.trim() });
  };
  const notify = (channel: "email" | "in_app") => ({
    checked: values.notifications[channel],
    error: errors.fields[`notifications.${channel}`],
    onChange: (e: { target: { checked: boolean } }) => {
      edit((v) => ({
        ...v,
        notifications: { ...v.notifications, [channel]: e.target.checked },
      }));
    },
  });

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <FormAlert message={errors.form} />
      <fieldset>
        <legend>Tell me about my registrations</legend>
        <CheckboxField label="By email" {...notify("email")} />
        <CheckboxField
          label="In the app (notifications page and live alerts)"
          {...notify("in_app")}
        />
      </fieldset>
      {values.event_reminders !== undefined ? (
        <CheckboxField
          label="Event reminders"
          hint="A reminder before each event you are registered for, by the channels above. The organizer sets how long before."
          name="event_reminders"
          checked={values.event_reminders}
          error={errors.fields.event_reminders}
          onChange={(e) => {
            const on = e.target.checked;
            edit((v) => ({ ...v, event_reminders: on }));
          }}
        />
      ) : null}
      <TextField
        label="Language and region"
        list="locales"
        hint="For example en, en-GB or de-DE."
        {...textField("locale")}
      />
      <datalist id="locales">
        {LOCALES.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <TextField
        label="Time zone"
        list="settings-zones"
        hint="Times in mails are shown in this zone."
        {...textField("timezone")}
      />
      <datalist id="settings-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <SubmitButton busy={save.isPending} busyLabel="Saving…">
        Save settings
      </SubmitButton>
      <p role="status" className="saved">
        {saved ? "Your settings are saved." : ""}
      </p>
    </form>
  );
}

export function SettingsPage() {
  usePageTitle("Settings");
  const signOut = useSignOut();
  const query = useQuery({ queryKey: ["me", "settings"], queryFn: getSettings });
  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Settings</h1>
      {query.isPending ? <Loading>Loading your settings…</Loading> : null}
      {query.isError ? (
        <ErrorNotice
          title="Your settings could not be loaded."
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {query.data ? <SettingsForm settings={query.data} /> : null}
      <h2>API tokens</h2>
      <p>
        Scripts and other systems call Turnout with a personal token:{" "}
        <Link to="/settings/api-tokens">manage your API tokens</Link>.
      </p>
      <h2>Password and sign-in</h2>
      <p>
        To change your password, <Link to="/forgot-password">ask for a reset link</Link>: every
        device signed in to your account is signed out when you set the new one.
      </p>
      <button type="button" className="button button-secondary" onClick={() => void signOut()}>
        Sign out
      </button>
    </section>
  );
}
