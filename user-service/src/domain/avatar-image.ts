import { createHash } from "node:crypto";
import sharp from "sharp";
import { AppError, unsupportedMediaType } from "@turnout/kit";

export type ImageType = "png" | "jpeg" | "webp";

// Defence in depth: whatever reaches sharp, libvips may only run these three decoders from
// memory. SVG (script), GIF, TIFF, HEIF, PDF and the rest are never parsed, even by a
// bug that let their bytes past the signature check.
sharp.block({ operation: ["VipsForeignLoad"] });
sharp.unblock({
  operation: ["VipsForeignLoadPngBuffer", "VipsForeignLoadJpegBuffer", "VipsForeignLoadWebpBuffer"],
});
// Every upload is different: libvips' operation cache would only hold memory.
sharp.cache(false);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The image type the bytes themselves declare (their magic number), whatever the request's
 * Content-Type or a file name say; undefined for anything but PNG, JPEG and WebP.
 */
export function detectImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return "png";
  if (bytes.length >= 3 && bytes.subarray(0, 3).equals(JPEG)) return "jpeg";
  if (
    bytes.length >= 12 &&
    bytes.toString("latin1", 0, 4) === "RIFF" &&
    bytes.toString("latin1", 8, 12) === "WEBP"
  ) {
    return "webp";
  }
  return undefined;
}

export interface AvatarImageOptions {
  /** Largest width × height to decode (a small file can claim huge dimensions). */
  maxInputPixels: number;
  /** The stored image fits in a square of this size. */
  sizePx: number;
}

export const unsupportedImage = (): AppError =>
  unsupportedMediaType(
    "unsupported_image",
    "The body is not a PNG, JPEG or WebP image (judged by its content, not its name or type).",
  );

const invalidImage = (cause: unknown): AppError =>
  cause instanceof Error && /pixel limit/i.test(cause.message)
    ? new AppError(422, "image_too_large", "The image has too many pixels to be an avatar.", {
        cause,
      })
    : new AppError(422, "invalid_image", "The image could not be decoded; it may be damaged.", {
        cause,
      });

/**
 * Decodes an uploaded avatar and re-encodes it as WebP: at most `sizePx` square, turned
 * upright by its EXIF orientation, every piece of metadata (EXIF with GPS, XMP, ICC, comments)
 * dropped because sharp writes none unless asked. Only pixels survive, so bytes hidden in the
 * upload (a polyglot's HTML or script) never reach the stored file.
 */
export async function reencodeAvatar(bytes: Buffer, options: AvatarImageOptions): Promise<Buffer> {
  const type = detectImageType(bytes);
  if (!type) throw unsupportedImage();
  // 'warning' (sharp's default, stated here on purpose) refuses truncated and damaged data.
  const input = () =>
    sharp(bytes, { failOn: "warning", limitInputPixels: options.maxInputPixels, pages: 1 });
  let format: string | undefined;
  try {
    ({ format } = await input().metadata());
  } catch (error) {
    throw invalidImage(error);
  }
  // A signature that does not match what the decoder found is a disguised file.
  if (format !== type) throw unsupportedImage();
  try {
    return await input()
      .rotate()
      .resize(options.sizePx, options.sizePx, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 82, effort: 4 })
      .toBuffer();
  } catch (error) {
    throw invalidImage(error);
  }
}

/**
 * Content-addressed and unguessable: the SHA-256 of the owner's id and the stored bytes. The
 * same upload by the same user keeps its name; nobody can derive a name without the image,
 * and two users never share a file (deleting one avatar cannot break another's).
 */
export function avatarFileName(userId: string, webp: Buffer): string {
  return `${createHash("sha256").update(userId).update("\0").update(webp).digest("hex")}.webp`;
}
