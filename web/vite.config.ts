import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { americasAtlas } from './build/americas-atlas-plugin.ts';

// The web app: built into web/dist, which `atalaya serve` serves (src/server/web-app.routes.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), americasAtlas()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
