import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { getEvent } from "../../api/events";
import { acceptOffer, listIncomingOffers, type Transfer } from "../../api/transfers";
import { ErrorNotice, InlineError } from "../../components/feedback";
import { formatMoment } from "../../format";

export const OFFERS_KEY = ["me", "offers"] as const;

function Offer({ offer }: { offer: Transfer }) {
  const queryClient = useQueryClient();
  const event = useQuery({
    queryKey: ["event", offer.event_id ?? ""],
    queryFn: ({ signal }) => getEvent(offer.event_id ?? "", signal),
    enabled: offer.event_id !== undefined,
  });
  const accept = useMutation({
    mutationFn: () => acceptOffer(offer.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
  const title = event.data?.title ?? "an event";
  return (
    <li className="list-card">
      <p>
        A seat{offer.attendee_name ? ` (${offer.attendee_name})` : ""} for{" "}
        {offer.event_id ? <Link to={`/events/${offer.event_id}`}>{title}</Link> : title}, offered{" "}
        {formatMoment(offer.created_at)}.
      </p>
      <p>
        <button
          type="button"
          className="button"
          disabled={accept.isPending}
          onClick={() => {
            accept.mutate();
          }}
        >
          {accept.isPending ? "Accepting…" : `Accept the seat for ${title}`}
        </button>
      </p>
      <InlineError error={accept.error} />
    </li>
  );
}

/** Seats other people offered to this account's email; accepting makes a booking of one's own. */
export function IncomingOffers() {
  const offers = useQuery({ queryKey: OFFERS_KEY, queryFn: listIncomingOffers });
  if (offers.isError) {
    return (
      <ErrorNotice
        title="Seats offered to you could not be loaded."
        error={offers.error}
        onRetry={() => void offers.refetch()}
      />
    );
  }
  const open = offers.data?.filter((o) => o.status === "offered") ?? [];
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="offers-title" className="offers">
      <h2 id="offers-title">Offers for you</h2>
      <ul className="plain-list">
        {open.map((offer) => (
          <Offer key={offer.id} offer={offer} />
        ))}
      </ul>
    </section>
  );
}
