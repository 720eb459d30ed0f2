import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (src/http/static_files.cpp) gives a year-long immutable cache to names of the form
// name-HASH.ext where HASH has at least 8 characters of [A-Za-z0-9_] and one digit. Rollup's default
// base64 hashes may hold '-' or no digit, so hashes here are 12 hexadecimal characters;
// scripts/check-dist.mjs checks every built name after the build.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    rollupOptions: {
      output: {
        hashCharacters: 'hex',
        entryFileNames: 'assets/[name]-[hash:12].js',
        chunkFileNames: 'assets/[name]-[hash:12].js',
        assetFileNames: 'assets/[name]-[hash:12][extname]',
      },
    },
  },
  server: {
    // `npm run dev` forwards the API to a `jangteo serve` on the default port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
