import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served by the API under /admin (serveAdmin) and talks to /graphql on the same
// origin. `npm run dev` proxies /graphql and /api to EASTLAKE_API_URL (default :4000).
const api = process.env.EASTLAKE_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    port: 5173,
    proxy: { '/graphql': api, '/api': api },
  },
});
