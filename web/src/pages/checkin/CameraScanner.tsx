import jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";

const FRAME_EVERY_MS = 150;
const MAX_WIDTH = 640;
/** A code counts again once it has been out of view this long. */
const SAME_CODE_PAUSE_MS = 3_000;

/**
 * The device camera (the back one on a phone) and a QR decoder (jsQR) over its frames, a few
 * times a second on a small canvas. Each code read is handed to `onCode`; the same code again
 * only once it has been out of view for a moment (a ticket held up is one scan). The camera
 * starts on request and stops when the page is left.
 */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [problem, setProblem] = useState<string>();
  const handler = useRef(onCode);
  useEffect(() => {
    handler.current = onCode;
  }, [onCode]);

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = { stopped: false };
    let last = { code: "", at: 0 };
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });

    const frame = () => {
      const v = video.current;
      if (run.stopped) return;
      if (v && context && v.readyState >= 2 && v.videoWidth > 0) {
        const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        context.drawImage(v, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = jsQR(image.data, image.width, image.height, {
          inversionAttempts: "dontInvert",
        });
        const now = Date.now();
        if (found?.data && (found.data !== last.code || now - last.at > SAME_CODE_PAUSE_MS)) {
          last = { code: found.data, at: now };
          handler.current(found.data);
        } else if (found?.data) last.at = now;
      }
      timer = setTimeout(frame, FRAME_EVERY_MS);
    };

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment", width: { ideal: 1280 } },
          audio: false,
        });
        if (run.stopped || !video.current) {
          for (const track of stream.getTracks()) track.stop();
          return;
        }
        video.current.srcObject = stream;
        await video.current.play().catch(() => undefined);
        setProblem(undefined);
        frame();
      } catch {
        setProblem("The camera could not be opened. Allow camera access, or type the code below.");
        setOn(false);
      }
    })();

    return () => {
      run.stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [on]);

  return (
    <div className="camera">
      <video
        ref={video}
        className="camera-view"
        muted
        playsInline
        aria-label="Camera view"
        hidden={!on}
      />
      <p className="button-row">
        <button
          type="button"
          className={on ? "button button-secondary" : "button"}
          onClick={() => {
            setOn((current) => !current);
          }}
        >
          {on ? "Stop the camera" : "Start the camera"}
        </button>
      </p>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
