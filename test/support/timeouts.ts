import { jest } from '@jest/globals';

// Booting the app (Postgres database copy, Redis, Nest) in a hook takes seconds, more on a busy
// machine; Jest's 5 s default fails hooks that are merely slow. (`testTimeout` in a project's
// config is not applied to ESM test files; this is.) Tests that need longer still say so.
jest.setTimeout(60_000);
