import { z } from "zod";
import type { RequestHandler } from "express";
import { notFound, type ServiceApi } from "@turnout/kit";
import { decodeProfileCursor, listProfiles } from "../domain/profile-listing";
import { deleteProfile, getProfile, updateProfile } from "../domain/profiles";
import type { RouteDeps } from ".";
import { cursorSchema, limitSchema, pageSchema } from "./pagination";
import {
  actorOf,
  changesOf,
  profilePatchBody,
  profileReplaceBody,
  profileReplyFor,
  profileWithEmailSchema,
} from "./profile-schema";

const idParams = z.object({ id: z.uuid() });
const SELF_OR_ADMIN = "An admin, or the user themselves (anyone else gets 403 `forbidden`).";
const problems = {
  403: "`forbidden`: neither an admin nor this user.",
  404: "`profile_not_found`",
};
const writeProblems = { ...problems, 409: "`username_taken`" };

/**
 * Profile ids are UUIDs, so any other single segment (`/no-such-route`) names no resource:
 * 404 for everyone, as for any unknown path, instead of a 401 or 400 from `/:id`.
 */
const onlyUuidIds: RequestHandler = (req, _res, next) => {
  const segment = /^\/([^/]+)\/?$/.exec(req.path)?.[1];
  if (segment !== undefined && !idParams.shape.id.safeParse(segment).success) {
    next(notFound("not_found", "No resource exists at this path."));
  } else next();
};

/** Admin routes over every profile; `/:id` also lets users act on their own. */
export function profileRoutes(api: ServiceApi, deps: RouteDeps): void {
  // Registered after every literal single-segment route (`/me`, `/openapi.json`).
  api.router.use(onlyUuidIds);
  api.route(
    {
      method: "get",
      path: "/",
      summary: "List profiles, newest first (admin)",
      description:
        "`q` keeps profiles whose display name, username or email starts with it, ignoring " +
        "letter case. Keyset pages: no profile is skipped or repeated, even while profiles are added.",
      auth: { roles: ["admin"] },
      request: {
        query: z.object({
          limit: limitSchema,
          cursor: cursorSchema(decodeProfileCursor),
          q: z.string().trim().min(1).max(100).optional().describe("Prefix to search for."),
        }),
      },
      responses: {
        200: {
          description: "One page.",
          schema: pageSchema(profileWithEmailSchema, "ProfilePage"),
        },
      },
    },
    async ({ query }, _req, res) => {
      const actor = actorOf(res);
      const page = await listProfiles(deps.profiles, {
        limit: query.limit,
        q: query.q,
        after: query.cursor,
      });
      res.json({
        items: page.items.map((profile) => profileReplyFor(actor, profile)),
        next_cursor: page.nextCursor,
      });
    },
  );

  api.route(
    {
      method: "get",
      path: "/:id",
      summary: "A profile by id",
      description: SELF_OR_ADMIN,
      auth: "bearer",
      scope: "profile:read",
      request: { params: idParams },
      responses: { 200: { description: "The profile.", schema: profileWithEmailSchema } },
      problems,
    },
    async ({ params }, _req, res) => {
      const actor = actorOf(res);
      res.json(profileReplyFor(actor, await getProfile(deps.profiles, actor, params.id)));
    },
  );

  api.route(
    {
      method: "put",
      path: "/:id",
      summary: "Replace display name, bio and username",
      description: SELF_OR_ADMIN,
      auth: "bearer",
      scope: "profile:write",
      request: { params: idParams, body: profileReplaceBody },
      responses: { 200: { description: "The profile.", schema: profileWithEmailSchema } },
      problems: writeProblems,
    },
    async ({ params, body }, _req, res) => {
      const actor = actorOf(res);
      const profile = await updateProfile(deps.profiles, actor, params.id, changesOf(body));
      res.json(profileReplyFor(actor, profile));
    },
  );

  api.route(
    {
      method: "patch",
      path: "/:id",
      summary: "Change some fields of a profile",
      description: SELF_OR_ADMIN,
      auth: "bearer",
      scope: "profile:write",
      request: { params: idParams, body: profilePatchBody },
      responses: { 200: { description: "The profile.", schema: profileWithEmailSchema } },
      problems: { ...writeProblems, 422: "`avatar_not_owned`" },
    },
    async ({ params, body }, _req, res) => {
      const actor = actorOf(res);
      const profile = await updateProfile(deps.profiles, actor, params.id, changesOf(body));
      res.json(profileReplyFor(actor, profile));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/:id",
      summary: "Delete a profile, its settings, history and avatar; publishes `user-deleted`",
      description: SELF_OR_ADMIN,
      auth: "bearer",
      request: { params: idParams },
      responses: { 204: { description: "Deleted." } },
      problems,
    },
    async ({ params }, _req, res) => {
      await deleteProfile(deps.profiles, actorOf(res), params.id);
      res.status(204).end();
    },
  );
}
