import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { routes } from "../src/routes";

interface FakeReply {
  status: number;
  contentType: string;
  body: unknown;
}

/** Replaces `fetch` with one answering the given replies in turn (the last one repeats). */
export function fakeFetch(...replies: FakeReply[]): jest.Mock {
  const mock = jest.fn((_input: RequestInfo | URL, _init?: RequestInit) => {
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (!reply) return Promise.reject(new TypeError("no reply configured"));
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    return Promise.resolve(
      new Response(text, { status: reply.status, headers: { "Content-Type": reply.contentType } }),
    );
  });
  globalThis.fetch = mock;
  return mock;
}

export const json = (body: unknown, status = 200): FakeReply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body,
});

export const problem = (status: number, code: string, detail: string): FakeReply => ({
  status,
  contentType: "application/problem+json",
  body: {
    type: `https://turnout.dev/problems/${code}`,
    title: "Error",
    status,
    detail,
    code,
    request_id: "req-1",
  },
});

/** The whole app (layout, routes) at `path`, as the browser router would show it. */
export function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return { router, ...render(<RouterProvider router={router} />) };
}
