import { z } from "zod";

const serviceDb = z.object({
  role: z.string(),
  schema: z.string(),
  password: z.string(),
  url: z.string(),
});

/** Everything a process needs to reach a running stack; travels as JSON in TURNOUT_STACK. */
export const stackInfo = z.object({
  database: z.object({
    adminUrl: z.string(),
    name: z.string(),
    services: z.record(z.string(), serviceDb),
  }),
  kafka: z.object({ brokers: z.array(z.string()) }),
  vault: z
    .object({
      addr: z.string(),
      rootToken: z.string(),
      approles: z.record(z.string(), z.object({ roleId: z.string(), secretId: z.string() })),
    })
    .optional(),
  /** The mail catcher (SMTP + HTTP API), or only `smtpUrl` when a real SMTP server was given. */
  mail: z.object({ smtpUrl: z.string(), apiUrl: z.string().optional() }).optional(),
});

export type StackInfo = z.infer<typeof stackInfo>;
export type ServiceDbInfo = z.infer<typeof serviceDb>;

export const STACK_ENV = "TURNOUT_STACK";

export function readStackInfo(env: NodeJS.ProcessEnv = process.env): StackInfo | undefined {
  const text = env[STACK_ENV];
  return text ? stackInfo.parse(JSON.parse(text)) : undefined;
}
