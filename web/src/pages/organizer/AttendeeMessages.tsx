import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type SubmitEvent, useState } from "react";
import { toApiError } from "../../api/client";
import {
  BODY_MAX,
  listAttendeeMessages,
  sendAttendeeMessage,
  SUBJECT_MAX,
} from "../../api/tickets";
import { ErrorNotice, Loading } from "../../components/feedback";
import { FormAlert, SubmitButton, TextAreaField, TextField } from "../../forms/fields";
import {
  clientErrors,
  type FormErrors,
  formErrorsFrom,
  NO_ERRORS,
  useFormErrors,
} from "../../forms/form-errors";
import { formatMoment, plural } from "../../format";

const FIELDS = ["subject", "body"] as const;

/** A refused send in plain words; the daily limit (429 `too_many_messages`) says what it is. */
function sendErrors(error: unknown): FormErrors {
  const apiError = toApiError(error);
  if (apiError.code !== "too_many_messages") return formErrorsFrom(error, FIELDS);
  const wait = apiError.retryAfter ? Math.ceil(apiError.retryAfter / 60) : undefined;
  return {
    fields: {},
    form:
      "Not sent: an event can message its attendees at most 10 times a day." +
      (wait
        ? ` You can send the next one in about ${plural(wait, "minute")}.`
        : " Try again later."),
  };
}

/** The organizer writes to every confirmed attendee (mail and inbox), and sees what was sent. */
export function AttendeeMessages({ eventId }: { eventId: string }) {
  const queryClient = useQueryClient();
  const key = ["attendees", "messages", eventId];
  const { formRef, errors, setErrors } = useFormErrors();
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [sent, setSent] = useState("");
  const list = useQuery({ queryKey: key, queryFn: () => listAttendeeMessages(eventId) });
  const send = useMutation({
    mutationFn: () => sendAttendeeMessage(eventId, { subject: subject.trim(), body: body.trim() }),
    onSuccess: (message) => {
      setSubject("");
      setBody("");
      setSent(`Sent to ${plural(message.recipients ?? 0, "confirmed booking")}.`);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => {
      setErrors(sendErrors(error));
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setSent("");
    const found = clientErrors({
      subject: subject.trim() ? undefined : "Write a subject.",
      body: body.trim() ? undefined : "Write the message.",
    });
    setErrors(found);
    if (found === NO_ERRORS) send.mutate();
  };

  return (
    <section className="attendee-messages" aria-labelledby="attendee-messages-title">
      <h2 id="attendee-messages-title">Message attendees</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <FormAlert message={errors.form} />
        <TextField
          label="Subject"
          name="subject"
          maxLength={SUBJECT_MAX}
          value={subject}
          error={errors.fields.subject}
          onChange={(e) => {
            setSubject(e.target.value);
          }}
        />
        <TextAreaField
          label="Message"
          name="body"
          rows={5}
          maxLength={BODY_MAX}
          hint="Goes to every confirmed attendee, by mail and in the app, as each has chosen."
          value={body}
          error={errors.fields.body}
          onChange={(e) => {
            setBody(e.target.value);
          }}
        />
        <SubmitButton busy={send.isPending} busyLabel="Sending…">
          Send to attendees
        </SubmitButton>
        <p role="status" className="saved">
          {sent}
        </p>
      </form>
      <h3>Sent messages</h3>
      {list.isPending ? <Loading>Loading sent messages…</Loading> : null}
      {list.isError ? (
        <ErrorNotice
          title="The sent messages could not be loaded."
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : null}
      {list.data?.length === 0 ? <p className="muted">No messages sent yet.</p> : null}
      {list.data && list.data.length > 0 ? (
        <ul className="message-list" aria-label="Sent messages">
          {list.data.map((message) => (
            <li key={message.id}>
              <strong>{message.subject}</strong>{" "}
              <span className="muted">
                {formatMoment(message.posted_at)}
                {message.recipients !== null
                  ? ` · ${plural(message.recipients, "confirmed booking")}`
                  : ""}
              </span>
              <p className="message-body">{message.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
