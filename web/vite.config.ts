// Vite builds the canvas into dist/, which `archway serve --web` serves; Vitest runs the unit tests.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  // The dev server forwards the API to a running `archway serve` on the default port.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { environment: 'jsdom', globals: true, include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
});
