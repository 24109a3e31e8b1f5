/**
 * `atalaya user …`: accounts from the command line. The first administrator is made here at
 * set-up. Passwords never go on the command line (they would stay in the shell history and the
 * process list): read from stdin with `--password-stdin`, or generated and printed once. Secrets
 * (a generated password, a token) go alone to stdout, messages to stderr, so scripts can capture them.
 */
import { Command, Option } from 'commander';
import { ValidationError } from '../kernel/errors.ts';
import { LANGUAGES } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { positiveInt } from '../setup/setup.commands.ts';
import {
  createAccount,
  getAccountByEmail,
  listAccounts,
  setDisabled,
  setPassword,
} from './accounts.store.ts';
import { createApiToken, DEFAULT_TOKEN_DAYS } from './api-tokens.store.ts';
import { appendAudit } from './audit-log.store.ts';
import { generatePassword } from './password.ts';
import type { Grant } from './principal.ts';
import { ROLES } from './roles.ts';

/** The first line of stdin, without its line ending. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd();
  if (password === '') throw new ValidationError('--password-stdin: stdin held no password.');
  return password;
}

const describeGrants = (grants: readonly Grant[]): string =>
  grants.length === 0
    ? 'no roles'
    : grants.map((g) => `${g.role} (${g.scope ?? 'every member state'})`).join(', ');

export function userCommands(ctx: CommandContext): Command[] {
  const user = new Command('user').description('manage user accounts, their roles and API tokens');

  user
    .command('add')
    .description('create a user with a role; prints a generated password once unless --password-stdin')
    .argument('<email>')
    .addOption(new Option('--role <role>', 'the role').choices(ROLES).makeOptionMandatory())
    .option(
      '--scope <code>',
      'the org unit the role covers (a member state, or a subnational unit); all when absent',
    )
    .option('--name <name>', 'display name')
    .addOption(new Option('--language <lang>', 'preferred language').choices(LANGUAGES).default('en'))
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(
      async (
        email: string,
        options: {
          role: (typeof ROLES)[number];
          scope?: string;
          name?: string;
          language: string;
          passwordStdin?: boolean;
        },
      ) => {
        const password = options.passwordStdin === true ? await readPasswordFromStdin() : generatePassword();
        const store = await ctx.store();
        const account = await createAccount(store.db, {
          email,
          ...(options.name === undefined ? {} : { name: options.name }),
          language: options.language,
          password,
          grants: [{ role: options.role, scope: options.scope ?? null }],
        });
        await appendAudit(store, {
          actor: ctx.actor,
          origin: 'cli',
          action: 'user.add',
          target: `user:${account.email}`,
          detail: { grants: account.grants },
        });
        ctx.err.write(`Created user ${account.email}: ${describeGrants(account.grants)}.\n`);
        if (options.passwordStdin !== true) {
          ctx.err.write('Generated password (shown once; hand it over safely):\n');
          ctx.out.write(`${password}\n`);
        }
      },
    );

  user
    .command('list')
    .description('list the users and their roles')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }) => {
      const store = await ctx.store();
      const accounts = await listAccounts(store.db);
      if (options.json === true) {
        ctx.out.write(`${JSON.stringify(accounts, null, 2)}\n`);
        return;
      }
      if (accounts.length === 0)
        ctx.err.write('No users yet: create the first with `atalaya user add EMAIL --role administrator`.\n');
      for (const a of accounts) {
        const state = a.disabled ? 'disabled' : 'active';
        ctx.out.write(`${a.email}\t${a.name}\t${a.language}\t${state}\t${describeGrants(a.grants)}\n`);
      }
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(
        disabled
          ? 'disable a user: their sessions end and their tokens stop working'
          : 'enable a disabled user',
      )
      .argument('<email>')
      .action(async (email: string) => {
        const store = await ctx.store();
        const account = await getAccountByEmail(store.db, email);
        await setDisabled(store.db, account.id, disabled);
        await appendAudit(store, {
          actor: ctx.actor,
          origin: 'cli',
          action: disabled ? 'user.disable' : 'user.enable',
          target: `user:${account.email}`,
        });
        ctx.err.write(`${disabled ? 'Disabled' : 'Enabled'} ${account.email}.\n`);
      });
  }

  user
    .command('token')
    .description("create an API token with the user's roles; prints it once")
    .argument('<email>')
    .requiredOption('--name <name>', 'what the token is for')
    .addOption(
      new Option('--expires-days <days>', 'days until it expires')
        .argParser(positiveInt)
        .default(DEFAULT_TOKEN_DAYS),
    )
    .option('--read-only', 'the token may only read')
    .action(async (email: string, options: { name: string; expiresDays: number; readOnly?: boolean }) => {
      const store = await ctx.store();
      const account = await getAccountByEmail(store.db, email);
      const token = await createApiToken(store.db, account.id, {
        name: options.name,
        expiresDays: options.expiresDays,
        readOnly: options.readOnly === true,
      });
      await appendAudit(store, {
        actor: ctx.actor,
        origin: 'cli',
        action: 'token.create',
        target: `user:${account.email}`,
        detail: { token: token.name, readOnly: token.readOnly, expiresAt: token.expiresAt },
      });
      ctx.err.write(
        `API token "${token.name}" for ${account.email}${token.readOnly ? ' (read-only)' : ''}, expires ${token.expiresAt} (shown once; send it as Authorization: Bearer …):\n`,
      );
      ctx.out.write(`${token.token}\n`);
    });

  user
    .command('reset-password')
    .description('set a new password (from stdin, or generated and printed once); the user’s sessions end')
    .argument('<email>')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(async (email: string, options: { passwordStdin?: boolean }) => {
      const password = options.passwordStdin === true ? await readPasswordFromStdin() : generatePassword();
      const store = await ctx.store();
      const account = await getAccountByEmail(store.db, email);
      await setPassword(store.db, account.id, password);
      await appendAudit(store, {
        actor: ctx.actor,
        origin: 'cli',
        action: 'user.reset_password',
        target: `user:${account.email}`,
      });
      ctx.err.write(`New password set for ${account.email}; their sessions have ended.\n`);
      if (options.passwordStdin !== true) {
        ctx.err.write('Generated password (shown once; hand it over safely):\n');
        ctx.out.write(`${password}\n`);
      }
    });

  return [user];
}
