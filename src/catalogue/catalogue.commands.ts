import { Command, Option } from 'commander';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { listDataElements, listDimensions, listIndicators } from './catalogue.store.ts';

export function catalogueCommands(ctx: CommandContext): Command[] {
  const catalogue = new Command('catalogue')
    .description('list the catalogue: indicators, data elements or dimensions')
    .argument('[what]', 'indicators | elements | dimensions', 'indicators')
    .addOption(new Option('--lang <language>', 'language of names').choices(LANGUAGES).default('en'))
    .option('--json', 'print JSON (all languages)')
    .action(async (what: string, options: { lang: Language; json?: boolean }) => {
      const store = await ctx.store();
      const lang = options.lang;
      if (what === 'indicators') {
        const indicators = await listIndicators(store.db);
        if (options.json === true) return void ctx.out.write(JSON.stringify(indicators, null, 2) + '\n');
        for (const i of indicators) {
          const formula =
            i.denominator === null ? i.numerator : `${i.factor} × (${i.numerator}) / (${i.denominator})`;
          const sdg = i.sdg.length > 0 ? `  SDG ${i.sdg.join(', ')}` : '';
          ctx.out.write(
            `${i.code.padEnd(28)} ${i.family.padEnd(14)} ${i.name[lang]}${sdg}\n${' '.repeat(44)}${i.kind === 'change' ? `change of ${i.changeOf ?? ''}` : formula}\n`,
          );
        }
      } else if (what === 'elements') {
        const elements = await listDataElements(store.db);
        if (options.json === true) return void ctx.out.write(JSON.stringify(elements, null, 2) + '\n');
        for (const e of elements) {
          ctx.out.write(
            `${e.code.padEnd(26)} ${e.valueType.padEnd(6)} ${e.unit.padEnd(9)} ${e.name[lang]}${e.dimensions.length > 0 ? ` [${e.dimensions.join(', ')}]` : ''}${e.iccs === null ? '' : ` ICCS ${e.iccs}`}\n`,
          );
        }
      } else if (what === 'dimensions') {
        const dimensions = await listDimensions(store.db);
        if (options.json === true) return void ctx.out.write(JSON.stringify(dimensions, null, 2) + '\n');
        for (const d of dimensions) {
          ctx.out.write(
            `${d.code.padEnd(12)} ${d.name[lang]}: ${d.categories.map((c) => `${c.code} (${c.name[lang]})`).join(', ')}\n`,
          );
        }
      } else {
        throw new Error(`unknown catalogue part "${what}" (expected indicators, elements or dimensions)`);
      }
    });
  return [catalogue];
}
