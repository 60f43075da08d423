const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A Vault-style duration ("15m", "1h30m", "90s", "900") or days ("400d") in milliseconds; bare
 * numbers are seconds.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== trimmed) {
    throw new Error(`"${text}" is not a duration (use e.g. 15m, 1h30m, 90s, 400d)`);
  }
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * (UNITS[unit ?? ""] ?? 0),
    0,
  );
}

/** "14m 5s", for messages that tell an operator how long to wait. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 || seconds === 0 ? `${s}s` : ""];
  return parts.filter((part) => part !== "").join(" ");
}
