// Lint: ESLint's and typescript-eslint's recommended rules (without type information, so it stays fast) and the
// import rule that keeps the rooms of docs/architecture.md (eslint/rooms.mjs). Formatting is Prettier's
// (.prettierrc.json), checked by `npm run lint` too. Astro components are checked by `astro check`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { roomsPlugin } from './eslint/rooms.mjs';

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', '.data/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { rooms: roomsPlugin },
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      'rooms/imports': 'error',
      // `_name` marks a parameter a signature needs and the body does not.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
