import { Command, Option } from 'commander';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { listGroups, listOrgUnits } from './geography.store.ts';
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
  return [geography];
}
