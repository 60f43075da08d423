import { type ComponentProps, type ReactNode, useId } from "react";

interface FieldFrame {
  label: string;
  /** Shown under the label, tied to the control with aria-describedby. */
  hint?: ReactNode;
  /** The field's problem in plain words, next to it; marks the control invalid. */
  error?: string | undefined;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Messages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({ label, hint, error, ...input }: FieldFrame & ComponentProps<"input">) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <Messages id={id} hint={hint} {...(error ? { error } : {})} />
    </div>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  ...textarea
}: FieldFrame & ComponentProps<"textarea">) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        {...textarea}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <Messages id={id} hint={hint} {...(error ? { error } : {})} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldFrame & ComponentProps<"select">) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        {...select}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {children}
      </select>
      <Messages id={id} hint={hint} {...(error ? { error } : {})} />
    </div>
  );
}

export function CheckboxField({
  label,
  hint,
  error,
  ...input
}: FieldFrame & ComponentProps<"input">) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <label htmlFor={id}>{label}</label>
      <Messages id={id} hint={hint} {...(error ? { error } : {})} />
    </div>
  );
}

/** The form's own message (role=alert), focusable so a failed submit can move focus to it. */
export function FormAlert({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <div className="notice notice-error form-alert" role="alert" tabIndex={-1}>
      <p>{message}</p>
    </div>
  );
}

/** A form's submit button: disabled and saying `busyLabel` while the submit is under way. */
export function SubmitButton({
  busy,
  busyLabel,
  disabled = false,
  children,
}: {
  busy: boolean;
  busyLabel: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className="button" disabled={busy || disabled}>
      {busy ? busyLabel : children}
    </button>
  );
}
