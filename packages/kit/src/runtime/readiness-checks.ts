import type { KeySource } from "../auth/key-source";
import type { ReadinessCheck } from "../health";

/** Ready once the public keys were read; tries a read now if none has succeeded yet. */
export function createKeySourceCheck(keys: KeySource): ReadinessCheck {
  return {
    name: "keys",
    check: async () => {
      if (!keys.ready()) await keys.refresh();
    },
  };
}
