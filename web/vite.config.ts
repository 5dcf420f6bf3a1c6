/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a gateway started by `make up` (port 8000 by default).
const gateway = process.env.KARTOTEKA_GATEWAY_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": gateway } },
  build: {
    target: "es2022",
    // Reported in web/README.md; the grid is its own chunk, loaded with the table view only.
    chunkSizeWarningLimit: 400,
    reportCompressedSize: true,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
