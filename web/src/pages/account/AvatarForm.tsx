import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useRef, useState } from "react";
import { toApiError } from "../../api/client";
import { type Profile, removeAvatar, uploadAvatar } from "../../api/users";
import { InlineError } from "../../components/feedback";
import { SubmitButton, TextField } from "../../forms/fields";

const MAX_BYTES = 2 * 1024 * 1024;
export const PROFILE_KEY = ["me", "profile"] as const;

/** Upload (PUT the image's bytes) or remove the avatar; problems are shown at the file field. */
export function AvatarForm({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: uploadAvatar,
    onSuccess: (updated) => {
      queryClient.setQueryData(PROFILE_KEY, updated);
      setFile(undefined);
      if (input.current) input.current.value = "";
    },
    onError: (error) => {
      setProblem(toApiError(error).message);
      input.current?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: removeAvatar,
    onSuccess: () => {
      queryClient.setQueryData(PROFILE_KEY, { ...profile, avatar_url: null });
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!file) setProblem("Choose an image first.");
    else if (file.size > MAX_BYTES)
      setProblem("This image is larger than 2 MB. Choose a smaller one.");
    else {
      setProblem(undefined);
      upload.mutate(file);
    }
    if (!file || file.size > MAX_BYTES) input.current?.focus();
  };

  return (
    <form className="avatar-form" onSubmit={submit} noValidate>
      {profile.avatar_url ? (
        <img className="avatar" src={profile.avatar_url} alt="Your avatar" width={96} height={96} />
      ) : (
        <div className="avatar avatar-empty" aria-hidden="true">
          {(profile.display_name ?? profile.username ?? "?").charAt(0).toUpperCase()}
        </div>
      )}
      <div>
        <TextField
          ref={input}
          label="Avatar image"
          type="file"
          name="avatar"
          accept="image/png,image/jpeg,image/webp"
          hint="PNG, JPEG or WebP, up to 2 MB."
          error={problem}
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setProblem(undefined);
          }}
        />
        <p className="button-row">
          <SubmitButton busy={upload.isPending} busyLabel="Uploading…">
            Upload avatar
          </SubmitButton>
          {profile.avatar_url ? (
            <button
              type="button"
              className="button button-secondary"
              disabled={remove.isPending}
              onClick={() => {
                remove.mutate();
              }}
            >
              Remove avatar
            </button>
          ) : null}
        </p>
        <InlineError error={remove.error} />
      </div>
    </form>
  );
}
