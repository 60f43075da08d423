import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// The gateway `npm start` runs; `npm run dev` sends API calls there so the app talks to the
// real services without CORS.
const gateway = process.env.TURNOUT_GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [
    react(),
    // Installable app: a manifest and a service worker (workbox) that precaches the app shell,
    // so an opened scanner page loads with no network. It caches nothing else: API calls and
    // the ticket keys always go to the network (the scanner keeps its own copies in IndexedDB).
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false,
      manifest: {
        name: "Turnout",
        short_name: "Turnout",
        description: "Find events, get a seat, and check people in at the door.",
        start_url: "/check-in",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#4338ca",
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      workbox: {
        globPatterns: ["index.html", "assets/**/*.{js,css,svg,png,woff2}", "*.{svg,png}"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/\.well-known\//],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true },
  server: {
    proxy: { "/api": gateway, "/.well-known": gateway },
  },
});
