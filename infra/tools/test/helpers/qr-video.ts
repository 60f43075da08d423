import { writeFile } from "node:fs/promises";
import QRCode from "qrcode";

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 10;
/** Light modules around the code, as the QR standard asks (4 modules). */
const QUIET = 4;

/**
 * Writes a Y4M video (what Chromium's `--use-file-for-fake-video-capture` plays, looping) of
 * `text` as a QR code: grayscale (chroma at 128), black modules on white, centred in 640x480.
 */
export async function writeQrVideo(path: string, text: string): Promise<void> {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (size + 2 * QUIET));
  if (scale < 2)
    throw new Error(
      `a ${String(size)}-module code is too big for ${String(WIDTH)}x${String(HEIGHT)}`,
    );
  const left = Math.floor((WIDTH - size * scale) / 2);
  const top = Math.floor((HEIGHT - size * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) {
        const start = (top + row * scale + y) * WIDTH + left + col * scale;
        luma.fill(16, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(
    `YUV4MPEG2 W${String(WIDTH)} H${String(HEIGHT)} F10:1 Ip A1:1 C420jpeg\n`,
  );
  await writeFile(path, Buffer.concat([header, ...Array<Buffer>(FRAMES).fill(frame)]));
}
