import { create } from "qrcode";
import { useMemo } from "react";

/** The four-module white border every reader expects around the code. */
const QUIET_ZONE = 4;
/**
 * Screen pixels per module: a whole number keeps every module the same width (a code of a
 * ticket has about 90 modules a side, so about 370 px); narrower screens scale it down.
 */
const MODULE_PX = 4;

/** One path of unit squares, a square per dark module, offset by the quiet zone. */
function modulesPath(text: string): { size: number; path: string } {
  const { modules } = create(text, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * QUIET_ZONE, path: parts.join("") };
}

/**
 * A QR code of `text` (error correction M) as SVG drawn from the module matrix: sharp at any
 * size, in print too, with no markup injected and nothing fetched.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => modulesPath(text), [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width={size * MODULE_PX}
      height={size * MODULE_PX}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
