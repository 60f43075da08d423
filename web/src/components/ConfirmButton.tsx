import { useEffect, useRef, useState } from "react";

/**
 * A button for something that cannot be undone: the first press asks, the second does it.
 * Focus moves to the question and back, so keyboard users never lose their place.
 */
export function ConfirmButton({
  label,
  name,
  question,
  confirmLabel,
  keepLabel = "No, keep it",
  busy,
  onConfirm,
  className = "button button-danger",
}: {
  label: string;
  /** The opening button's accessible name, when its short label repeats on a page. */
  name?: string;
  question: string;
  confirmLabel: string;
  keepLabel?: string;
  busy?: boolean;
  onConfirm: () => void;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openRef}
        type="button"
        className={className}
        aria-label={name}
        onClick={() => {
          setAsking(true);
        }}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <button
        ref={confirmRef}
        type="button"
        className="button button-danger"
        disabled={busy}
        onClick={onConfirm}
      >
        {busy ? "Working…" : confirmLabel}
      </button>{" "}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          setAsking(false);
        }}
      >
        {keepLabel}
      </button>
    </div>
  );
}
