import express, { type RequestHandler, type Response } from "express";
import { z } from "zod";
import { badRequest, notFound, unsupportedMediaType, type ServiceApi } from "@turnout/kit";
import { deleteAvatar, uploadAvatar } from "../domain/avatars";
import { AVATAR_FILE_PATTERN } from "../domain/profile-rules";
import type { RouteDeps } from ".";
import { actorOf, profileReply, profileSchema } from "./profile-schema";

/** The one route whose body is not JSON (the app lets it past the JSON-only rule). */
export const AVATAR_UPLOAD_PATH = "/api/v1/users/me/avatar";

const UPLOAD_TYPES = ["image/png", "image/jpeg", "image/webp", "application/octet-stream"];

const emptyBody = () => badRequest("empty_body", "The request body must be the image.");

/** The declared type is only a gate; what the image is comes from its bytes. */
const requireUploadType: RequestHandler = (req, _res, next) => {
  const declared = req.is(UPLOAD_TYPES);
  if (declared === null) next(emptyBody());
  else if (declared === false)
    next(
      unsupportedMediaType(
        "unsupported_media_type",
        `Send the image as the body with Content-Type ${UPLOAD_TYPES.join(", ")}.`,
      ),
    );
  else next();
};

const sendAvatar = (res: Response, dir: string, file: string) =>
  new Promise<void>((resolve, reject) => {
    res.sendFile(
      file,
      {
        root: dir,
        dotfiles: "deny",
        // Content-addressed: a name never changes content, so caches may keep it for a year.
        maxAge: "365d",
        immutable: true,
        headers: {
          "Content-Type": "image/webp",
          "X-Content-Type-Options": "nosniff",
          // Even opened directly, nothing in it may run or load.
          "Content-Security-Policy": "default-src 'none'; sandbox",
          "Cross-Origin-Resource-Policy": "same-site",
        },
      },
      (error?: Error & { status?: number; code?: string }) => {
        if (!error) resolve();
        else if (error.status === 404 || error.code === "ENOENT")
          reject(notFound("avatar_not_found", "No such avatar."));
        else reject(error);
      },
    );
  });

export function avatarRoutes(api: ServiceApi, deps: RouteDeps): void {
  const { settings } = deps.profiles;
  api.route(
    {
      method: "put",
      path: "/me/avatar",
      summary: "Upload the caller's avatar (the raw image is the body)",
      description:
        `The body is the image itself, at most ${settings.maxBytes} bytes, with Content-Type ` +
        `${UPLOAD_TYPES.join(", ")}. Its real type is read from its bytes (PNG, JPEG or WebP ` +
        `signature) and must decode as that type. It is re-encoded to WebP, at most ` +
        `${settings.sizePx}×${settings.sizePx}, turned upright, with every piece of metadata ` +
        `(EXIF and its GPS position included) dropped; the previous avatar file is removed.`,
      auth: "bearer",
      scope: "profile:write",
      middleware: [
        requireUploadType,
        express.raw({ limit: settings.maxBytes, type: () => true, inflate: false }),
      ],
      responses: {
        200: { description: "The profile with its new avatar_url.", schema: profileSchema },
      },
      problems: {
        400: "`empty_body`: no image was sent.",
        404: "`profile_not_found`",
        413: "`payload_too_large`: the body is larger than the limit.",
        415:
          "`unsupported_media_type` (Content-Type not an accepted one) or `unsupported_image` " +
          "(the bytes are not PNG, JPEG or WebP, whatever the Content-Type says: HTML, SVG, GIF...).",
        422:
          "`invalid_image` (right signature but it does not decode: truncated or damaged) or " +
          "`image_too_large` (more pixels than the service decodes).",
      },
    },
    async (_input, req, res) => {
      // JSON types never get here (the gate above), so the body is the raw buffer.
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) throw emptyBody();
      res.json(profileReply(await uploadAvatar(deps.profiles, actorOf(res).id, body)));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/me/avatar",
      summary: "Remove the caller's avatar",
      auth: "bearer",
      scope: "profile:write",
      responses: { 204: { description: "Removed (or there was none)." } },
      problems: { 404: "`profile_not_found`" },
    },
    async (_input, _req, res) => {
      await deleteAvatar(deps.profiles, actorOf(res).id);
      res.status(204).end();
    },
  );

  api.route(
    {
      method: "get",
      path: "/avatars/:file",
      summary: "An avatar image (public)",
      auth: "none",
      request: {
        params: z.object({
          file: z.string().regex(AVATAR_FILE_PATTERN, "not an avatar file name"),
        }),
      },
      responses: {
        200: {
          description: "The WebP image; cacheable for a year (names are content-addressed).",
          contentType: "image/webp",
          schema: z.string().meta({ format: "binary" }),
        },
      },
      problems: { 404: "`avatar_not_found`" },
    },
    async ({ params }, _req, res) => {
      await sendAvatar(res, settings.dir, params.file);
    },
  );
}
