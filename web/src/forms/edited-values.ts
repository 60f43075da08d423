import { useState } from "react";
import type { FormErrors } from "./form-errors";

/**
 * The values of an edit form, and whether the last save stored them: any edit clears "saved".
 * `textField(name)` gives a text input its name, value, error and change handler.
 */
export function useEditedValues<T extends Record<string, unknown>>(initial: T, errors: FormErrors) {
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(false);
  const edit = (change: (current: T) => T) => {
    setValues(change);
    setSaved(false);
  };
  const textField = <K extends keyof T & string>(name: K) => ({
    name,
    value: String(values[name]),
    error: errors.fields[name],
    onChange: (e: { target: { value: string } }) => {
      edit((v) => ({ ...v, [name]: e.target.value }));
    },
  });
  return { values, setValues, saved, setSaved, edit, textField };
}
