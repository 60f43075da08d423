import { useEffect } from "react";

/** Screen readers announce the document title on navigation, so every page sets its own. */
export function usePageTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Turnout` : "Turnout";
  }, [title]);
}
