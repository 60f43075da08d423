import { type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { Page } from "../api/page";
import { EmptyState, ErrorNotice, Loading, LoadMore } from "./feedback";

/**
 * A cursor-paginated list: pages fetched one after another, and their items in order. The
 * query's context goes to `fetchPage` untouched, so only a fetch that reads `signal` is aborted.
 * With `refetchInterval` (ms) the loaded pages are read again that often (a live log).
 */
export function usePagedQuery<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, context: { signal: AbortSignal }) => Promise<Page<T>>,
  options: { refetchInterval?: number } = {},
) {
  const query = useInfiniteQuery({
    ...options,
    queryKey,
    queryFn: (context) => fetchPage(context.pageParam, context),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { query, items };
}

type PagedQuery = ReturnType<typeof usePagedQuery>["query"];

/**
 * What a paged list shows: loading, a failure with a retry, the empty state, or the items
 * (`children`) followed by the button for the next page.
 */
export function PagedResults({
  query,
  count,
  loading,
  errorTitle,
  failed = query.isError,
  empty,
  loadMoreLabel,
  footer,
  children,
}: {
  query: Pick<
    PagedQuery,
    | "isPending"
    | "isError"
    | "error"
    | "refetch"
    | "hasNextPage"
    | "isFetchingNextPage"
    | "fetchNextPage"
  >;
  count: number;
  loading: string;
  errorTitle: string;
  /** Whether to show the failure notice; defaults to any failure of the query. */
  failed?: boolean;
  empty: ReactNode;
  loadMoreLabel?: string;
  /** Shown after the button for the next page. */
  footer?: ReactNode;
  children: ReactNode;
}) {
  if (query.isPending) return <Loading>{loading}</Loading>;
  if (failed) {
    return (
      <ErrorNotice title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  if (count === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      {children}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        {...(loadMoreLabel ? { label: loadMoreLabel } : {})}
      />
      {footer}
    </>
  );
}
