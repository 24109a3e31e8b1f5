/** `atalaya user …` as an operator runs it (a child process), on each store. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiTokenPrincipal } from '../src/access/api-tokens.store.ts';
import { signIn } from '../src/access/sign-in.store.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { runAtalaya } from './support/cli.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

it('has no password option: a password never goes on the command line', async () => {
  const res = await runAtalaya([
    'user',
    'add',
    'x@example.org',
    '--role',
    'analyst',
    '--password',
    'secret-secret',
  ]);
  expect(res.code).not.toBe(0);
  expect(res.stderr).toContain("unknown option '--password'");
});

describeStores('atalaya user', (dialect) => {
  let location: string;
  let drop: () => Promise<void>;
  const atalaya = (args: string[], input?: string) =>
    runAtalaya(['--db', location, 'user', ...args], input === undefined ? {} : { input });
  const withStore = async <T>(body: (store: Store) => Promise<T>): Promise<T> => {
    const store = openStore(location);
    try {
      return await body(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    ({ location, drop } = await createTestDatabase(dialect));
  });
  afterAll(async () => drop());

  it('adds the first administrator with a generated password printed once, and refuses the email twice', async () => {
    const res = await atalaya([
      'add',
      'Admin@Example.org',
      '--role',
      'administrator',
      '--name',
      'First Admin',
    ]);
    expect(res.stderr).toContain('Created user admin@example.org: administrator (every member state).');
    expect(res.code).toBe(0);
    const password = res.stdout.trim();
    expect(password).toMatch(/^[\w-]{24}$/);
    const signedIn = await withStore((store) =>
      signIn(store.db, { email: 'admin@example.org', password }, { ip: null, userAgent: null }),
    );
    expect(signedIn.ok).toBe(true);
    const again = await atalaya(['add', 'admin@example.org', '--role', 'analyst']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('adds a contributor of MEX with a password from stdin, lists users, makes a token and disables', async () => {
    const add = await atalaya(
      [
        'add',
        'maria@example.org',
        '--role',
        'contributor',
        '--scope',
        'MEX',
        '--language',
        'es',
        '--password-stdin',
      ],
      'una contraseña bastante larga\n',
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('');
    const list = await atalaya(['list']);
    expect(list.stdout).toContain(
      'admin@example.org\tFirst Admin\ten\tactive\tadministrator (every member state)',
    );
    expect(list.stdout).toContain('maria@example.org\tmaria@example.org\tes\tactive\tcontributor (MEX)');

    const token = await atalaya(['token', 'maria@example.org', '--name', 'loader', '--expires-days', '30']);
    expect(token.code).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^atl_[\w-]{43}$/);
    const principal = await withStore((store) => apiTokenPrincipal(store.db, secret));
    expect(principal).toMatchObject({
      email: 'maria@example.org',
      grants: [{ role: 'contributor', scope: 'MEX' }],
    });
    const days = await withStore(async (store) => {
      const row = await store.db
        .selectFrom('api_token')
        .select(['expires_at', 'created_at'])
        .executeTakeFirstOrThrow();
      return (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 86_400_000;
    });
    expect(days).toBe(30);

    const disable = await atalaya(['disable', 'maria@example.org']);
    expect(disable.code).toBe(0);
    expect(await withStore((store) => apiTokenPrincipal(store.db, secret))).toBeUndefined();
    expect((await atalaya(['list'])).stdout).toContain('maria@example.org\tmaria@example.org\tes\tdisabled');
    expect((await atalaya(['disable', 'nobody@example.org'])).code).toBe(1);
  });

  it('resets a password from stdin', async () => {
    const reset = await atalaya(
      ['reset-password', 'admin@example.org', '--password-stdin'],
      'a brand new long password\n',
    );
    expect(reset.code).toBe(0);
    const signedIn = await withStore((store) =>
      signIn(
        store.db,
        { email: 'admin@example.org', password: 'a brand new long password' },
        { ip: null, userAgent: null },
      ),
    );
    expect(signedIn.ok).toBe(true);
  });
});
