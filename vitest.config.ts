import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start servers (dynalite, s3rver, the bot) each use their own ephemeral ports.
    pool: 'forks',
  },
});
