import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";
import type { VaultClient } from "@turnout/kit";

/** KV v2 path of the key that encrypts webhook secrets (docs/integrations.md, "Signing"). */
export const WEBHOOK_SECRETS_KEY_PATH = "turnout/notification/webhook-secrets-key";

/** Encrypts webhook secrets at rest; only the notification service holds the key. */
export interface SecretBox {
  /** `endpointId` is bound to the ciphertext: it opens only with the same id. */
  seal(plaintext: string, endpointId: string): string;
  open(sealed: string, endpointId: string): string;
}

const VERSION = "v1";

/**
 * AES-256-GCM with a fresh 96-bit nonce per secret: `v1.<nonce>.<tag>.<ciphertext>`
 * (base64url). The endpoint id is bound as associated data, so a ciphertext copied onto another
 * endpoint's row does not open.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("the webhook secrets key must be 32 bytes");
  const seal = (plaintext: string, aad: string): string => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), body]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  };
  const open = (sealed: string, aad: string): string => {
    const [version, nonce, tag, body] = sealed.split(".");
    if (version !== VERSION || !nonce || !tag || body === undefined) {
      throw new Error("not a sealed webhook secret");
    }
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  };
  return { seal, open };
}

const keySecret = z.object({ key: z.string().min(40) });

/** Reads the key from Vault once, at start (a service without it cannot sign). */
export async function loadSecretBox(vault: VaultClient): Promise<SecretBox> {
  const { key } = keySecret.parse((await vault.readKv(WEBHOOK_SECRETS_KEY_PATH)).data);
  return createSecretBox(Buffer.from(key, "base64"));
}
