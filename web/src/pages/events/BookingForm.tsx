import { useMutation, useQuery } from "@tanstack/react-query";
import { type SubmitEvent, useMemo, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { getEvent, type TicketType, type TurnoutEvent } from "../../api/events";
import { newIdempotencyKey } from "../../api/idempotency-key";
import {
  type Answers,
  type BookingInput,
  register,
  type Registration,
} from "../../api/registrations";
import { FormAlert, SelectField, SubmitButton, TextField } from "../../forms/fields";
import { clientErrors, formErrorsFrom, NO_ERRORS, useFocusOnErrors } from "../../forms/form-errors";
import {
  BOOKING_CODE_FIELDS,
  bookingFields,
  type BookingValues,
  readBooking,
  saleState,
} from "./booking-values";
import { QuestionField } from "./QuestionField";
import { TicketTypeChoice } from "./TicketTypeChoice";

/** Booking: a ticket type, how many seats, a name and answers per seat, answers per booking. */
export function BookingForm({
  event,
  seatsAvailable,
  seatsByType,
  onBooked,
  onAlreadyRegistered,
}: {
  event: TurnoutEvent;
  /** Live seats of the whole event (polled). */
  seatsAvailable: number | undefined;
  /** Live seats per type (polled), by type id. */
  seatsByType: Map<string, number>;
  onBooked: (registration: Registration) => void;
  onAlreadyRegistered: () => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [code, setCode] = useState("");
  const [appliedCode, setAppliedCode] = useState("");
  // Hidden types are listed when the read carries their code (a header, never the URL).
  const unlocked = useQuery({
    queryKey: ["event", event.id, "access", appliedCode],
    queryFn: ({ signal }) => getEvent(event.id, signal, appliedCode),
    enabled: appliedCode !== "",
  });
  const types = unlocked.data?.ticket_types ?? event.ticket_types;
  const questions = event.questions;
  const firstOnSale = types.find((t) => saleState(t) === "on_sale");
  const [values, setValues] = useState<BookingValues>({
    typeId: firstOnSale?.id ?? "",
    quantity: 1,
    names: [],
    seatAnswers: [],
    answers: {},
  });
  const type = types.find((t) => t.id === values.typeId) ?? firstOnSale;
  const available = (t: TicketType) => seatsByType.get(t.id) ?? t.seats_available;
  const maxPerOrder = Math.min(type?.max_per_order ?? 1, 50);
  const [checked, setChecked] = useState(NO_ERRORS);
  const key = useRef<string | undefined>(undefined);

  const book = useMutation({
    mutationFn: (input: BookingInput) =>
      register(event.id, (key.current ??= newIdempotencyKey()), input),
    onSuccess: (registration) => {
      key.current = undefined;
      onBooked(registration);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status !== undefined) key.current = undefined;
      if (error instanceof ApiError && error.code === "already_registered") onAlreadyRegistered();
    },
  });
  const serverErrors = useMemo(
    () =>
      book.error
        ? formErrorsFrom(book.error, bookingFields(values.quantity, questions), BOOKING_CODE_FIELDS)
        : NO_ERRORS,
    // The fields are those of the booking sent; a later edit does not move its errors.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [book.error],
  );
  const errors = checked === NO_ERRORS ? serverErrors : checked;
  useFocusOnErrors(formRef, errors);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const { errors: found, input } = readBooking(
      { ...values, typeId: type?.id ?? "" },
      questions,
      type?.hidden ? appliedCode : "",
    );
    const shown = clientErrors(found);
    setChecked(shown);
    if (shown === NO_ERRORS) book.mutate(input);
  };
  const setSeat = (i: number, change: { name?: string; answers?: Answers }) => {
    setValues((v) => {
      const names = [...v.names];
      const seatAnswers = [...v.seatAnswers];
      if (change.name !== undefined) names[i] = change.name;
      if (change.answers) seatAnswers[i] = change.answers;
      return { ...v, names, seatAnswers };
    });
  };
  const left = type ? Math.min(available(type), seatsAvailable ?? Infinity) : seatsAvailable;
  const full = left !== undefined && left < values.quantity;
  const label = full ? "Join the waitlist" : event.requires_approval ? "Request seats" : "Register";
  const perSeat = questions.filter((q) => q.per === "seat");
  const perBooking = questions.filter((q) => q.per === "booking");
  const anyHidden = types.some((t) => t.hidden);

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form booking-form">
      <FormAlert message={errors.form} />
      <TicketTypeChoice
        types={types}
        selected={type?.id}
        available={available}
        zone={event.timezone}
        error={errors.fields.ticket_type_id}
        onSelect={(typeId) => {
          setValues((v) => ({ ...v, typeId, quantity: 1 }));
        }}
      />
      <details className="access-code" open={appliedCode !== "" || undefined}>
        <summary>Have an access code?</summary>
        <TextField
          label="Access code (optional)"
          name="access_code"
          autoComplete="off"
          value={code}
          error={errors.fields.access_code}
          hint={
            appliedCode && unlocked.isSuccess && !anyHidden
              ? "No hidden tickets for this code."
              : "Some tickets are only shown with a code from the organizer."
          }
          onChange={(e) => {
            setCode(e.target.value);
          }}
        />
        <button
          type="button"
          className="button button-secondary"
          disabled={!code.trim() || unlocked.isFetching}
          onClick={() => {
            setAppliedCode(code.trim());
          }}
        >
          {unlocked.isFetching ? "Checking…" : "Show tickets for this code"}
        </button>
      </details>
      <SelectField
        label="Number of seats"
        name="quantity"
        value={String(values.quantity)}
        error={errors.fields.quantity}
        onChange={(e) => {
          setValues((v) => ({ ...v, quantity: Number(e.target.value) }));
        }}
      >
        {Array.from({ length: maxPerOrder }, (_, i) => (
          <option key={i + 1} value={i + 1}>
            {i + 1}
          </option>
        ))}
      </SelectField>
      {/* One seat without seat questions is the account holder's own: nothing to ask. */}
      {Array.from(
        { length: values.quantity > 1 || perSeat.length > 0 ? values.quantity : 0 },
        (_, i) => (
          <fieldset key={i} className="row-card">
            <legend>Seat {i + 1}</legend>
            <TextField
              label={`Name on seat ${i + 1} (optional)`}
              name={`attendees.${i}.name`}
              maxLength={200}
              value={values.names[i] ?? ""}
              error={errors.fields[`attendees.${i}.name`]}
              onChange={(e) => {
                setSeat(i, { name: e.target.value });
              }}
            />
            {perSeat.map((q) => (
              <QuestionField
                key={q.id}
                question={q}
                name={`attendees.${i}.answers.${q.id}`}
                value={values.seatAnswers[i]?.[q.id]}
                error={errors.fields[`attendees.${i}.answers.${q.id}`]}
                onChange={(answer) => {
                  setSeat(i, { answers: { ...values.seatAnswers[i], [q.id]: answer } });
                }}
              />
            ))}
          </fieldset>
        ),
      )}
      {perBooking.map((q) => (
        <QuestionField
          key={q.id}
          question={q}
          name={`answers.${q.id}`}
          value={values.answers[q.id]}
          error={errors.fields[`answers.${q.id}`]}
          onChange={(answer) => {
            setValues((v) => ({ ...v, answers: { ...v.answers, [q.id]: answer } }));
          }}
        />
      ))}
      <SubmitButton
        busy={book.isPending}
        busyLabel="Registering…"
        disabled={!type && types.length > 0}
      >
        {label}
      </SubmitButton>
    </form>
  );
}
