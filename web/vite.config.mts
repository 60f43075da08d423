import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The gateway `npm start` runs; `npm run dev` sends API calls there so the app talks to the
// real services without CORS.
const gateway = process.env.TURNOUT_GATEWAY_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true },
  server: {
    proxy: { "/api": gateway, "/.well-known": gateway },
  },
});
