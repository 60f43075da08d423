import type { Registration } from "../../api/registrations";
import { statusLabel } from "../../components/RegistrationStatus";

/** A booking's seats: the name on each and its status (a seat may be cancelled on its own). */
export function SeatList({ registration }: { registration: Registration }) {
  return (
    <ol className="seat-list" aria-label="Seats">
      {registration.seats.map((seat, i) => (
        <li key={seat.id}>
          <span>{seat.attendee_name ?? `Seat ${i + 1}`}</span>{" "}
          <span className={`badge badge-${seat.status}`}>{statusLabel(seat.status)}</span>
        </li>
      ))}
    </ol>
  );
}
