import type { Conflict, RecentScan, ScanResult } from "./scan-outcomes";
import { gateName, timeOf } from "./scan-outcomes";

/** The last code's answer, big and coloured, announced at once. */
export function ScanResultPanel({ result }: { result: ScanResult | undefined }) {
  return (
    <div
      className={`scan-result${result ? ` scan-result-${result.tone}` : ""}`}
      role="status"
      aria-live="assertive"
      aria-atomic="true"
      key={result?.serial}
    >
      {result ? (
        <>
          <p className="scan-result-title">{result.title}</p>
          {result.holder ? <p className="scan-result-holder">{result.holder}</p> : null}
          {result.ticketType ? <p className="scan-result-type">{result.ticketType}</p> : null}
          <p>{result.detail}</p>
        </>
      ) : (
        <p>Show a ticket's QR code to the camera, or type its code.</p>
      )}
    </div>
  );
}

/** The scans of every gate, newest first. */
export function RecentScans({ recent }: { recent: RecentScan[] }) {
  return (
    <section className="recent-scans" aria-labelledby="recent-scans-title">
      <h2 id="recent-scans-title">Recent scans</h2>
      {recent.length === 0 ? (
        <p>No scans yet.</p>
      ) : (
        <ol aria-label="Recent scans">
          {recent.map((scan) => (
            <li key={scan.seatId}>
              <strong>{scan.holder}</strong>
              {scan.ticketType ? ` · ${scan.ticketType}` : ""} · {gateName(scan.gate)} ·{" "}
              <time dateTime={scan.at}>{timeOf(scan.at)}</time>
              {scan.queued ? <span className="badge badge-pending">waiting to sync</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Queued scans the service answered differently: the same ticket at two gates, or void. */
export function Conflicts({ conflicts }: { conflicts: Conflict[] }) {
  if (conflicts.length === 0) return null;
  return (
    <section className="notice notice-error" aria-labelledby="conflicts-title" role="alert">
      <h2 id="conflicts-title" className="notice-title">
        Conflicts from the offline scans
      </h2>
      <ul>
        {conflicts.map((c, i) => (
          <li key={`${c.seatId}-${String(i)}`}>
            <strong>{c.holder}</strong>: {c.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
