import type { Registration } from "../api/registrations";

const LABELS: Record<string, string> = {
  reserving: "Saving your seat…",
  confirmed: "Confirmed",
  pending: "Waiting for approval",
  waitlisted: "On the waitlist",
  cancelled: "Cancelled",
  rejected: "Not approved",
};

export const statusLabel = (status: string): string => LABELS[status] ?? status;

/** A registration's status as a badge; the waitlist position and check-in are part of it. */
export function RegistrationStatus({ registration }: { registration: Registration }) {
  const { status, waitlist_position: position, checked_in_at: checkedIn } = registration;
  let text = statusLabel(status);
  if (status === "waitlisted" && position) text = `On the waitlist: number ${position}`;
  if (status === "confirmed" && checkedIn) text = "Checked in";
  return <span className={`badge badge-${status}`}>{text}</span>;
}
