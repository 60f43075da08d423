import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SubmitEvent } from "react";
import { getAccount } from "../../api/auth";
import { getMyProfile, type Profile, type ProfileChanges, updateMyProfile } from "../../api/users";
import { ErrorNotice, Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { FormAlert, SubmitButton, TextAreaField, TextField } from "../../forms/fields";
import { useEditedValues } from "../../forms/edited-values";
import { clientErrors, formErrorsFrom, useFormErrors } from "../../forms/form-errors";
import { AvatarForm, PROFILE_KEY } from "./AvatarForm";

const FIELDS = ["display_name", "username", "bio"] as const;

function ProfileForm({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const { formRef, errors, setErrors, check } = useFormErrors();
  const { values, saved, setSaved, textField } = useEditedValues(
    {
      display_name: profile.display_name ?? "",
      username: profile.username ?? "",
      bio: profile.bio ?? "",
    },
    errors,
  );
  const save = useMutation({
    mutationFn: updateMyProfile,
    onSuccess: (updated) => {
      queryClient.setQueryData(PROFILE_KEY, updated);
      setSaved(true);
    },
    onError: (error) => {
      setErrors(formErrorsFrom(error, FIELDS, { username_taken: "username" }));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    const changes: ProfileChanges = {};
    const display = values.display_name.trim() || null;
    const bio = values.bio.trim() || null;
    const username = values.username.trim();
    if (display !== profile.display_name) changes.display_name = display;
    if (bio !== profile.bio) changes.bio = bio;
    if (username && username !== profile.username) changes.username = username;
    const checked = clientErrors({
      username:
        username && !/^[A-Za-z0-9_.-]{3,32}$/.test(username)
          ? "Use 3 to 32 letters, digits, dots, dashes or underscores."
          : undefined,
      display_name: display && display.length > 100 ? "Use at most 100 characters." : undefined,
      bio: bio && bio.length > 1000 ? "Use at most 1000 characters." : undefined,
    });
    if (!check(checked)) return;
    if (Object.keys(changes).length === 0) setSaved(true);
    else save.mutate(changes);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form">
      <FormAlert message={errors.form} />
      <TextField label="Display name" autoComplete="name" {...textField("display_name")} />
      <TextField label="Username" autoComplete="username" {...textField("username")} />
      <TextAreaField
        label="About you"
        rows={4}
        hint="Up to 1000 characters."
        {...textField("bio")}
      />
      <SubmitButton busy={save.isPending} busyLabel="Saving…">
        Save profile
      </SubmitButton>
      <p role="status" className="saved">
        {saved ? "Your profile is saved." : ""}
      </p>
    </form>
  );
}

export function ProfilePage() {
  usePageTitle("Profile");
  const account = useQuery({ queryKey: ["me", "account"], queryFn: getAccount });
  const profile = useQuery({ queryKey: PROFILE_KEY, queryFn: getMyProfile });

  return (
    <section className="page page-narrow" aria-labelledby="page-title">
      <h1 id="page-title">Profile</h1>
      {account.data ? (
        <dl className="event-facts">
          <dt>Email</dt>
          <dd>
            {account.data.email}{" "}
            {account.data.email_verified ? (
              <span className="badge badge-confirmed">confirmed</span>
            ) : (
              <span className="badge badge-pending">
                not confirmed yet: open the link we mailed you
              </span>
            )}
          </dd>
          <dt>Roles</dt>
          <dd>{account.data.roles.join(", ")}</dd>
        </dl>
      ) : null}
      {profile.isPending ? <Loading>Loading your profile…</Loading> : null}
      {profile.isError ? (
        <ErrorNotice
          title="Your profile could not be loaded."
          error={profile.error}
          onRetry={() => void profile.refetch()}
        />
      ) : null}
      {profile.data ? (
        <>
          <h2>Avatar</h2>
          <AvatarForm profile={profile.data} />
          <h2>About you</h2>
          <ProfileForm profile={profile.data} />
        </>
      ) : null}
    </section>
  );
}
