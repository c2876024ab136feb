// The quick run (`npm run test:unit`, vitest.unit.config.ts) starts and reaches no server: a test
// that needs one is an integration test, named *.int.test.ts (test/README.md). This makes a
// misnamed one fail at once, saying so, instead of slowing the quick run down or skipping.

export function refuseInUnitRun(server: string): void {
  if (process.env.BOUNCESYNC_TEST_UNIT === '1') {
    throw new Error(`${server} is a server and this is the quick run: a test that needs it is an integration test, named *.int.test.ts (test/README.md)`);
  }
}
