import { ScannerGuard } from "./ScannerGuard";
import { ScannerPage } from "./ScannerPage";

/**
 * `/check-in/:eventId`, loaded on demand (routes.tsx `lazy`): the QR decoder and the JOSE
 * library stay out of the bundle every visitor loads. The service worker precaches this chunk
 * with the rest of the app shell, so the scanner still opens offline.
 */
export function Component() {
  return (
    <ScannerGuard>
      <ScannerPage />
    </ScannerGuard>
  );
}
