import { chromium, type Browser } from "playwright-core";
import { CHROMIUM } from "./chromium";

/**
 * Headless Chromium whose camera is a video file (Chromium's fake capture device, looping
 * `video`, a .y4m) and that grants camera prompts by itself. The other flags are those of
 * `launchChromium()` (docs/machine.md).
 */
export function launchChromiumWithCamera(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}
