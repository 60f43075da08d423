import { useEffect, useId, useRef, useState } from "react";

/**
 * A secret the API shows once (an API token, a webhook signing secret): in a read-only field
 * with a copy button, and plainly told that it will not be shown again. Focus moves here when
 * it appears, so nobody misses it; it is never stored, and leaves with `onDone`.
 */
export function SecretOnce({
  label,
  secret,
  note,
  onDone,
}: {
  label: string;
  secret: string;
  note?: string;
  onDone: () => void;
}) {
  const id = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<boolean | undefined>();
  useEffect(() => {
    boxRef.current?.focus();
  }, [secret]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the field can still be copied.
      setCopied(false);
    }
  };
  return (
    <div
      className="notice notice-success secret-once"
      ref={boxRef}
      tabIndex={-1}
      role="region"
      aria-labelledby={`${id}-title`}
    >
      <p className="notice-title" id={`${id}-title`}>
        Copy it now: you will not see it again.
      </p>
      {note ? <p>{note}</p> : null}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className="secret-value"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => {
            e.target.select();
          }}
        />
      </div>
      <p className="button-row">
        <button type="button" className="button button-small" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button button-small button-secondary" onClick={onDone}>
          I have saved it
        </button>
        <span role="status">
          {copied === true ? "Copied." : copied === false ? "Select the field and copy it." : ""}
        </span>
      </p>
    </div>
  );
}
