import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev --workspace web` serves the app with hot reload and forwards API calls to a
// Waymark server (default: the one `npm start` runs).
const server = process.env.WAYMARK_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': server, '/v1': server, '/health': server } },
});
