import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start a private Dovecot and SMTP server; they wait on events with deadlines, never sleep.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
