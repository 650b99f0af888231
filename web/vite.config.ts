// Vite builds the canvas into dist/, which `archway serve --web` serves; Vitest runs the unit tests.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The libraries every page needs, in chunks of their own that change only with their versions, so
// that a new build of the canvas leaves them in the browser's cache. Recharts is not among them:
// it comes with the simulate panel, when that is opened.
const VENDOR_CHUNKS = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'reactflow', test: /node_modules[\\/](@xyflow|d3-(drag|zoom|selection|transition|interpolate|color|dispatch|ease|timer)|classcat|zustand|use-sync-external-store)[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist', emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: { groups: VENDOR_CHUNKS } } },
  },
  // The dev server forwards the API to a running `archway serve` on the default port.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: { environment: 'jsdom', globals: true, include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
});
