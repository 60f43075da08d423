import { useEffect, type RefObject, useRef, useState } from "react";
import { plainFieldMessage } from "../api/problem";
import { toApiError } from "../api/client";

/** What a form shows: a message per field, and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

export const hasErrors = (errors: FormErrors): boolean =>
  errors.form !== undefined || Object.keys(errors.fields).length > 0;

const FIELDS_MESSAGE = "Please check the highlighted fields.";

/**
 * The errors of a failed submit, placed next to what caused them: each `errors[].path` of a
 * validation problem goes to its field, a refusal whose `code` is about one field (`codeFields`)
 * goes there too, and everything else is said once for the whole form.
 */
export function formErrorsFrom(
  error: unknown,
  fields: readonly string[],
  codeFields: Record<string, string> = {},
): FormErrors {
  const apiError = toApiError(error);
  const result: FormErrors = { fields: {} };
  const leftovers: string[] = [];
  for (const problem of apiError.fieldProblems) {
    const field = fields.find((f) => problem.path === f || problem.path.startsWith(`${f}.`));
    const message = plainFieldMessage(problem);
    if (field && !(field in result.fields)) result.fields[field] = message;
    else if (!field) leftovers.push(problem.path ? `${problem.path}: ${message}` : message);
  }
  const codeField = apiError.code ? codeFields[apiError.code] : undefined;
  if (codeField && fields.includes(codeField)) {
    result.fields[codeField] = apiError.message;
    return result;
  }
  if (leftovers.length > 0) result.form = [apiError.message, ...leftovers].join(" ");
  else if (Object.keys(result.fields).length > 0) result.form = FIELDS_MESSAGE;
  else if (apiError.retryAfter) {
    const wait = apiError.retryAfter;
    result.form = `${apiError.message} Try again in ${wait} second${wait === 1 ? "" : "s"}.`;
  } else result.form = apiError.message;
  return result;
}

/** Checks done before sending: the same shape as the API's, so they show the same way. */
export function clientErrors(fields: Record<string, string | undefined>): FormErrors {
  const found = Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return Object.keys(found).length > 0 ? { fields: found, form: FIELDS_MESSAGE } : NO_ERRORS;
}

/** After a failed submit, moves focus to the first field in error, else to the form's alert. */
export function useFocusOnErrors(form: RefObject<HTMLFormElement | null>, errors: FormErrors) {
  useEffect(() => {
    if (!hasErrors(errors) || !form.current) return;
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>(".form-alert");
    target?.focus();
  }, [errors, form]);
}

/**
 * A form's errors with focus following them (`useFocusOnErrors`): `formRef` goes on the form,
 * and `check` shows the client-side checks' errors and says whether the form may be sent.
 */
export function useFormErrors() {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useFocusOnErrors(formRef, errors);
  const check = (checked: FormErrors): boolean => {
    setErrors(checked);
    return checked === NO_ERRORS;
  };
  return { formRef, errors, setErrors, check };
}
