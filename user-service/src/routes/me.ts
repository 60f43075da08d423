import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { RouteDeps } from ".";
import { getProfile, getProfileByUsername, updateProfile } from "../domain/profiles";
import { fields } from "./profile-schema";
import {
  actorOf,
  changesOf,
  profilePatchBody,
  profileReply,
  profileSchema,
} from "./profile-schema";

const NOT_FOUND =
  "`profile_not_found`: no profile yet (it is created from `user-registered` moments after " +
  "registration), or it was deleted.";

/** The caller's own profile, and anyone's public profile by username. */
export function meRoutes(api: ServiceApi, deps: RouteDeps): void {
  api.route(
    {
      method: "get",
      path: "/me",
      summary: "The caller's profile",
      auth: "bearer",
      scope: "profile:read",
      responses: { 200: { description: "The profile.", schema: profileSchema } },
      problems: { 404: NOT_FOUND },
    },
    async (_input, _req, res) => {
      const actor = actorOf(res);
      res.json(profileReply(await getProfile(deps.profiles, actor, actor.id)));
    },
  );

  api.route(
    {
      method: "patch",
      path: "/me",
      summary: "Change the caller's profile",
      auth: "bearer",
      scope: "profile:write",
      request: { body: profilePatchBody },
      responses: { 200: { description: "The changed profile.", schema: profileSchema } },
      problems: {
        404: NOT_FOUND,
        409: "`username_taken` (whatever the letter case).",
        422: "`avatar_not_owned`: avatar_url is neither null nor the current avatar.",
      },
    },
    async ({ body }, _req, res) => {
      const actor = actorOf(res);
      res.json(profileReply(await updateProfile(deps.profiles, actor, actor.id, changesOf(body))));
    },
  );

  api.route(
    {
      method: "get",
      path: "/by-username/:username",
      summary: "A public profile by username (any letter case)",
      auth: "bearer",
      scope: "profile:read",
      request: { params: z.object({ username: fields.username }) },
      responses: { 200: { description: "The public profile.", schema: profileSchema } },
      problems: { 404: "`profile_not_found`" },
    },
    async ({ params }, _req, res) => {
      res.json(profileReply(await getProfileByUsername(deps.profiles, params.username)));
    },
  );
}
