import { useQuery } from "@tanstack/react-query";
import { type CheckInStats as Stats, getCheckInStats } from "../../api/checkin";
import { timeOf } from "./scan-outcomes";

const CHART = { width: 480, height: 140, gap: 4, label: 18 };

/** Arrivals per 10 minutes as bars (SVG, no chart library), with a text equivalent. */
function ArrivalsChart({ arrivals }: { arrivals: Stats["arrivals"] }) {
  if (arrivals.length === 0) return <p>No arrivals yet.</p>;
  const most = Math.max(1, ...arrivals.map((a) => a.count));
  // At least an hour and a half wide, so one early bar is not the whole chart.
  const slot = CHART.width / Math.max(arrivals.length, 9);
  const plot = CHART.height - CHART.label;
  const every = Math.ceil(arrivals.length / 8);
  return (
    <figure className="arrivals">
      <svg
        viewBox={`0 0 ${String(CHART.width)} ${String(CHART.height)}`}
        role="img"
        aria-labelledby="arrivals-caption"
      >
        {arrivals.map((a, i) => {
          const h = Math.max(a.count > 0 ? 2 : 0, (a.count / most) * (plot - 14));
          const x = i * slot + CHART.gap / 2;
          return (
            <g key={a.from}>
              <rect
                className="arrivals-bar"
                x={x}
                y={plot - h}
                width={Math.max(1, slot - CHART.gap)}
                height={h}
              >
                <title>{`${timeOf(a.from)}: ${String(a.count)}`}</title>
              </rect>
              {a.count > 0 ? (
                <text x={x + (slot - CHART.gap) / 2} y={plot - h - 3} textAnchor="middle">
                  {a.count}
                </text>
              ) : null}
              {i % every === 0 ? (
                <text x={x} y={CHART.height - 4}>
                  {timeOf(a.from).slice(0, 5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption id="arrivals-caption">
        Arrivals per 10 minutes:{" "}
        {arrivals.map((a) => `${timeOf(a.from).slice(0, 5)} ${String(a.count)}`).join(", ")}
      </figcaption>
    </figure>
  );
}

/** Checked in against confirmed, per ticket type, and arrivals; refreshed by the live stream. */
export function CheckInStats({ eventId, online }: { eventId: string; online: boolean }) {
  const stats = useQuery({
    queryKey: ["check-in", eventId, "stats"],
    queryFn: ({ signal }) => getCheckInStats(eventId, signal),
    enabled: online,
    refetchInterval: 60_000,
  });
  if (!stats.data) {
    return (
      <section className="check-in-stats" aria-labelledby="stats-title">
        <h2 id="stats-title">Arrivals</h2>
        <p>{online ? "Loading the counts…" : "The counts show when the network is back."}</p>
      </section>
    );
  }
  const { confirmed, checked_in: checkedIn, ticket_types: types, arrivals } = stats.data;
  return (
    <section className="check-in-stats" aria-labelledby="stats-title">
      <h2 id="stats-title">Arrivals</h2>
      <p className="check-in-total">
        <strong>{checkedIn}</strong> of {confirmed} checked in
      </p>
      <table className="table">
        <caption className="visually-hidden">Checked in per ticket type</caption>
        <thead>
          <tr>
            <th scope="col">Ticket type</th>
            <th scope="col">Checked in</th>
            <th scope="col">Confirmed</th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.checked_in}</td>
              <td>
                {t.confirmed}
                <meter min={0} max={Math.max(1, t.confirmed)} value={t.checked_in} aria-hidden />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ArrivalsChart arrivals={arrivals} />
    </section>
  );
}
