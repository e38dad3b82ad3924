import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: false },
  // Pre-bundle these up front, so a fresh dependency cache does not reload the page mid-test.
  optimizeDeps: { include: ['@xyflow/react', 'react-dom/client', 'zustand'] },
});
