import type { Express } from "express";
import type { Server } from "node:http";
import request from "supertest";

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** `PATCH /api/v1/events/:id` as the holder of `token`. */
export const patchEvent = (target: Express | Server) => (id: string, token: string, body: object) =>
  request(target).patch(`/api/v1/events/${id}`).set(bearer(token)).send(body);
