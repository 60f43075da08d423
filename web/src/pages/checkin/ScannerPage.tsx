import { type SubmitEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { Loading } from "../../components/feedback";
import { usePageTitle } from "../../components/use-page-title";
import { formatEventWindow } from "../../format";
import { TextField } from "../../forms/fields";
import { loadGate, saveGate } from "../../offline/scanner-store";
import { CameraScanner } from "./CameraScanner";
import { CheckInStats } from "./CheckInStats";
import { Conflicts, RecentScans, ScanResultPanel } from "./ScanPanels";
import { useScanner } from "./use-scanner";

/** Typing a code from a damaged QR code. */
function ManualEntry({ onCode }: { onCode: (code: string) => void }) {
  const [code, setCode] = useState("");
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    onCode(code);
    setCode("");
  };
  return (
    <form className="manual-entry" onSubmit={submit}>
      <TextField
        label="Ticket code"
        name="ticket_code"
        value={code}
        autoComplete="off"
        spellCheck={false}
        maxLength={4096}
        hint="For a QR code the camera cannot read: the text under it on the ticket."
        onChange={(e) => {
          setCode(e.target.value);
        }}
      />
      <button type="submit" className="button">
        Check in
      </button>
    </form>
  );
}

/** `/check-in/:eventId`: the scanner and the live view of one event's door. */
export function ScannerPage() {
  const { eventId = "" } = useParams();
  const [gate, setGate] = useState(loadGate);
  const scanner = useScanner(eventId, gate.trim());
  const event = scanner.state?.event;
  usePageTitle(event ? `Check-in: ${event.title}` : "Check-in");
  const onCode = (code: string) => void scanner.check(code);

  if (!scanner.state && scanner.loadError) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Check-in</h1>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">This event's check-in could not be opened.</p>
          <p>{scanner.loadError}</p>
        </div>
        <Link to="/check-in">← Events you can check people in for</Link>
      </section>
    );
  }
  if (!scanner.state) {
    return scanner.online ? (
      <Loading>Loading the check-in…</Loading>
    ) : (
      <p className="notice notice-error" role="alert">
        This device has no copy of this event's check-in yet. Open it once while online.
      </p>
    );
  }

  return (
    <section className="page scanner" aria-labelledby="page-title">
      <p>
        <Link to="/check-in">← Check-in events</Link>
      </p>
      <h1 id="page-title">Check-in: {event?.title}</h1>
      {event ? (
        <p>{formatEventWindow(event.starts_at, event.ends_at ?? undefined, event.timezone)}</p>
      ) : null}
      <p className="scanner-status" role="status">
        <span className={`badge ${scanner.online ? "badge-confirmed" : "badge-cancelled"}`}>
          {scanner.online ? "Online" : "Offline"}
        </span>{" "}
        {scanner.live ? "Live: other gates' scans show here." : "Not live: reconnecting…"}{" "}
        {scanner.queued > 0
          ? `${String(scanner.queued)} scan${scanner.queued === 1 ? "" : "s"} waiting to sync.`
          : "Every scan is sent."}
      </p>
      <div className="scanner-grid">
        <div className="scanner-main">
          <TextField
            label="Gate"
            name="gate"
            value={gate}
            maxLength={40}
            hint="Where this device scans, e.g. North door. Remembered on this device."
            onChange={(e) => {
              setGate(e.target.value);
              saveGate(e.target.value);
            }}
          />
          <ScanResultPanel result={scanner.result} />
          <CameraScanner onCode={onCode} />
          <ManualEntry onCode={onCode} />
          <Conflicts conflicts={scanner.conflicts} />
        </div>
        <div className="scanner-side">
          <RecentScans recent={scanner.recent} />
          <CheckInStats eventId={eventId} online={scanner.online} />
        </div>
      </div>
    </section>
  );
}
