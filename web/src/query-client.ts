import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/client";

/** Should a failed read be tried again? Only when trying again can help. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    // A profile is created from an event moments after sign-up: worth a few more tries.
    if (error.code === "profile_not_found") return failures < 5;
    if (error.status !== undefined && error.status >= 400 && error.status < 500) return false;
  }
  return failures < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5000),
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}

/** Query keys of data that belongs to the signed-in user; dropped when the user changes. */
export const PRIVATE_KEYS = [["me"], ["attendees"], ["admin"]] as const;
