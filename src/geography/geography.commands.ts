import { Command, Option } from 'commander';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { ValidationError } from '../kernel/errors.ts';
import { validateGroups } from './hierarchy.ts';
import { listGroups, listOrgUnits, saveGroups } from './geography.store.ts';
import { ORG_UNIT_LEVELS, type OrgUnitLevel } from './org-unit.ts';

export function geographyCommands(ctx: CommandContext): Command[] {
  const geography = new Command('geography')
    .description('list org units (member states by default) or groups')
    .addOption(new Option('--level <level>', 'which level').choices(ORG_UNIT_LEVELS).default('member_state'))
    .option('--parent <code>', 'only the children of this unit')
    .option('--groups', 'list the groups (SICA, CARICOM, …) instead')
    .addOption(new Option('--lang <language>', 'language of names').choices(LANGUAGES).default('en'))
    .action(async (options: { level: OrgUnitLevel; parent?: string; groups?: boolean; lang: Language }) => {
      const store = await ctx.store();
      if (options.groups === true) {
        for (const g of await listGroups(store.db)) {
          ctx.out.write(
            `${g.code.padEnd(10)} ${g.name[options.lang]}: ${g.members.map((m) => m.unitCode + (m.validTo === null ? '' : ` (to ${m.validTo})`)).join(', ')}\n`,
          );
        }
        return;
      }
      const units = await listOrgUnits(store.db, {
        ...(options.parent === undefined ? { level: options.level } : { parent: options.parent }),
      });
      for (const u of units) {
        const validity =
          u.validFrom === null && u.validTo === null
            ? ''
            : `  valid ${u.validFrom ?? '…'} to ${u.validTo ?? '…'}`;
        ctx.out.write(
          `${u.code.padEnd(14)} ${u.name[options.lang]}${u.synthetic ? '  (synthetic)' : ''}${validity}\n`,
        );
      }
    });
  const group = new Command('group').description('manage custom groups of org units (beside the hierarchy)');
  group
    .command('add')
    .description('create or replace a custom group, e.g. the countries of a programme')
    .argument('<code>', 'group code (capital letters, digits, _ and -)')
    .requiredOption('--members <codes>', 'org unit codes, comma-separated')
    .requiredOption('--name <text>', 'name (used in every language not given below)')
    .option('--name-es <text>', 'name in Spanish')
    .option('--name-pt <text>', 'name in Portuguese')
    .option('--name-fr <text>', 'name in French')
    .action(
      async (
        code: string,
        options: { members: string; name: string; nameEs?: string; namePt?: string; nameFr?: string },
      ) => {
        if (!/^[A-Z][A-Z0-9_-]{1,31}$/.test(code)) {
          throw new ValidationError(
            `"${code}" is not a group code (expected capital letters, digits, _ or -)`,
          );
        }
        const store = await ctx.store();
        const existing = (await listGroups(store.db)).find((g) => g.code === code);
        if (existing !== undefined && existing.kind !== 'custom') {
          throw new ValidationError(`${code} is an integration group; it cannot be replaced by a custom one`);
        }
        const members = options.members
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== '');
        const newGroup = {
          code,
          kind: 'custom' as const,
          name: {
            en: options.name,
            es: options.nameEs ?? options.name,
            pt: options.namePt ?? options.name,
            fr: options.nameFr ?? options.name,
          },
          members: members.map((unitCode) => ({ unitCode, validFrom: null, validTo: null })),
        };
        validateGroups([newGroup], await listOrgUnits(store.db));
        await store.db.transaction().execute((tx) => saveGroups(tx, [newGroup]));
        ctx.out.write(`Group ${code}: ${members.length} members.\n`);
      },
    );

  return [geography, group];
}
