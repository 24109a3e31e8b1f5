// Appends N audit entries to a store, one transaction each (the tests of concurrent appends). It
// connects, prints `ready`, waits for a line on standard input, then appends, so that the test can
// start several processes at once; at the end it prints when it started and finished appending.
//   node --import tsx test/support/append-audit.ts <location> <n> <actor>
import { once } from 'node:events';
import { appendAudit } from '../../src/access/audit-log.store.ts';
import { openStore } from '../../src/store/store.ts';

const [location, count, actor] = process.argv.slice(2);
const store = openStore(location);
try {
  await store.db.selectFrom('store_meta').select('key').execute();
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const started = Date.now();
  for (let i = 0; i < Number(count); i += 1) {
    await appendAudit(store, { actor: actor!, origin: 'cli', action: 'test.append', target: `n:${i}` });
  }
  process.stdout.write(JSON.stringify({ started, finished: Date.now() }) + '\n');
} finally {
  await store.close();
  process.stdin.destroy();
}
