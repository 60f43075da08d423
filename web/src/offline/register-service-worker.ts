/**
 * Registers the service worker that vite-plugin-pwa builds (`/sw.js`: the app shell precached,
 * nothing else cached), so the scanner page loads with no network once opened. Only in a
 * production build; a failure leaves the app working online as before.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
