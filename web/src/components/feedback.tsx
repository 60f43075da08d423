import type { ReactNode } from "react";
import { toApiError } from "../api/client";

/** Shown while something loads; a status role so screen readers hear it. */
export function Loading({ children = "Loading…" }: { children?: ReactNode }) {
  return (
    <p role="status" className="loading">
      {children}
    </p>
  );
}

/** A load that failed, in plain words, with a way to try again. */
export function ErrorNotice({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <p>{toApiError(error).message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Nothing to list: says so, and what to do about it. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="notice empty-state">{children}</div>;
}

/** The next page of a cursor-paginated list. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  label = "Load more",
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  label?: string;
}) {
  if (!hasMore) return null;
  return (
    <p className="load-more">
      <button type="button" className="button button-secondary" onClick={onLoad} disabled={loading}>
        {loading ? "Loading…" : label}
      </button>
    </p>
  );
}

/** An action's failure, right next to its button. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {toApiError(error).message}
    </p>
  );
}
