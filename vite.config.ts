import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { shippedTitles } from './scripts/shippedTitlesPlugin.ts';

export default defineConfig({
  plugins: [react(), shippedTitles(fileURLToPath(new URL('.', import.meta.url)))],
  server: { port: 5173, strictPort: false },
  // Pre-bundle these up front, so a fresh dependency cache does not reload the page mid-test.
  optimizeDeps: { include: ['@xyflow/react', 'react-dom/client', 'zustand'] },
  // Every browser the page supports (it needs ES2022 and CSS containment) preloads modules
  // itself: no polyfill for <link rel="modulepreload"> in the initial JavaScript.
  build: { modulePreload: { polyfill: false } },
});
