import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:unit`: the quick run, without servers or the CLI as a process (test/README.md).
// The tests written for every database run on SQLite only. Nothing here shares a server, so files
// run side by side; and in processes that each keep their modules loaded from one file to the
// next (isolate: false: loading them for every file was half the run's CPU). Child processes,
// not threads: some tests switch the process's user (test/helpers/unprivileged.ts).
export default mergeConfig(base, defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/**/*.int.test.ts'],
    env: { STORE_DB: 'sqlite', BOUNCESYNC_TEST_UNIT: '1' },
    fileParallelism: true,
    pool: 'forks',
    isolate: false,
  },
}));
