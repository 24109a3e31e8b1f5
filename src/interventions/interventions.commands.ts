/**
 * `atalaya intervention add|list|show|remove|evaluate`: the interventions register from the
 * command line (writes audited as the CLI user), and the evaluation of a registered intervention
 * from the store's published values, run in process.
 */
import { Command, Option } from 'commander';
import { LiveCube } from '../analytics/analytics.store.ts';
import { runEvaluationJob } from '../evaluation/evaluation-job.ts';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { INTERVENTION_TYPES, type Intervention } from './intervention.ts';
import { EVALUATION_VIEW, planInterventionEvaluation } from './intervention-evaluation.ts';
import {
  createIntervention,
  deleteIntervention,
  getIntervention,
  listInterventions,
} from './interventions.store.ts';

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** `HND.01001` or `HND.01001:2016-07` (a unit with its own start). */
function unitOf(text: string): string | { unit: string; start: string } {
  const at = text.indexOf(':');
  return at < 0 ? text : { unit: text.slice(0, at), start: text.slice(at + 1) };
}

function describe(i: Intervention): string {
  const lines = [
    `${i.code}  ${i.name}${i.synthetic ? '  (synthetic demo)' : ''}`,
    `  type ${i.type}, ${i.country}, from ${i.start}${i.end === null ? '' : ` to ${i.end}`}`,
    `  indicators: ${i.indicators.join(', ') || '(none: homicide_rate when evaluated)'}`,
    `  treated: ${i.units.map((u) => (u.start === i.start ? u.unit : `${u.unit} (from ${u.start})`)).join(', ')}`,
    `  donors: ${i.donors.length === 0 ? '(the untreated units at the same level)' : i.donors.join(', ')}`,
  ];
  if (i.description !== '') lines.push(`  ${i.description}`);
  lines.push(`  created ${i.createdAt} by ${i.createdBy}; updated ${i.updatedAt} by ${i.updatedBy}`);
  return lines.join('\n') + '\n';
}

export function interventionCommands(ctx: CommandContext): Command[] {
  const by = () => ({ actor: ctx.actor, origin: 'cli' });
  const intervention = new Command('intervention').description(
    'the interventions register (projects, laws, tactics, strategies) and their evaluation',
  );

  intervention
    .command('add')
    .description('register an intervention')
    .requiredOption('--code <code>', 'lower-case letters, digits and _')
    .requiredOption('--name <name>', 'its name, in any language')
    .addOption(new Option('--type <type>').choices(INTERVENTION_TYPES).makeOptionMandatory())
    .requiredOption('--country <code>', 'member state code (HND)')
    .requiredOption('--start <month>', 'first month (2016-01)')
    .requiredOption(
      '--units <units>',
      'treated org units, comma-separated; UNIT:MONTH for a unit that started later (HND.02003:2016-07)',
      list,
    )
    .option('--end <month>', 'last month')
    .option('--indicators <codes>', 'target indicators, comma-separated', list)
    .option('--donors <units>', 'comparison units, comma-separated (default: the untreated units)', list)
    .option('--description <text>', 'free text')
    .action(async (o: Record<string, unknown>) => {
      const store = await ctx.store();
      const created = await createIntervention(
        store,
        {
          code: o['code'] as string,
          name: o['name'] as string,
          type: o['type'] as string,
          country: o['country'] as string,
          start: o['start'] as string,
          units: (o['units'] as string[]).map(unitOf),
          ...(o['end'] === undefined ? {} : { end: o['end'] as string }),
          ...(o['indicators'] === undefined ? {} : { indicators: o['indicators'] as string[] }),
          ...(o['donors'] === undefined ? {} : { donors: o['donors'] as string[] }),
          ...(o['description'] === undefined ? {} : { description: o['description'] as string }),
        },
        by(),
      );
      ctx.out.write(`Registered ${created.code}.\n`);
    });

  intervention
    .command('list')
    .description('the registered interventions')
    .option('--country <code>', 'of one member state')
    .option('--type <type>', 'of one type')
    .option('--json', 'as JSON')
    .action(async (o: { country?: string; type?: string; json?: boolean }) => {
      const store = await ctx.store();
      const all = await listInterventions(store.db, {
        ...(o.country === undefined ? {} : { country: o.country }),
        ...(o.type === undefined ? {} : { type: o.type }),
      });
      if (o.json === true) return void ctx.out.write(JSON.stringify(all, null, 2) + '\n');
      if (all.length === 0) return void ctx.out.write('No interventions registered.\n');
      for (const i of all) {
        ctx.out.write(
          `${i.code.padEnd(28)} ${i.type.padEnd(9)} ${i.country} ${i.start}${i.end === null ? '        ' : `–${i.end}`} ${String(i.units.length).padStart(4)} units  ${i.name}\n`,
        );
      }
    });

  intervention
    .command('show')
    .description('one registered intervention')
    .argument('<code>')
    .option('--json', 'as JSON')
    .action(async (code: string, o: { json?: boolean }) => {
      const found = await getIntervention((await ctx.store()).db, code);
      ctx.out.write(o.json === true ? JSON.stringify(found, null, 2) + '\n' : describe(found));
    });

  intervention
    .command('remove')
    .description('remove an intervention from the register')
    .argument('<code>')
    .action(async (code: string) => {
      await deleteIntervention(await ctx.store(), code, by());
      ctx.out.write(`Removed ${code}.\n`);
    });

  intervention
    .command('evaluate')
    .description('evaluate a registered intervention from the published values in the store')
    .argument('<code>')
    .addOption(new Option('--method <method>').choices(['its', 'scm', 'did']).makeOptionMandatory())
    .option('--indicator <code>', 'default: the first target indicator, else homicide_rate')
    .addOption(new Option('--period-type <type>').choices(['month', 'quarter', 'year']))
    .addOption(
      new Option('--control <control>', 'ITS exposure: population, or the donors’ counts').choices([
        'population',
        'donors',
      ]),
    )
    .option('--placebos', 'SCM: in-space placebos')
    .option('--json', 'print the panel and the whole result as JSON')
    .addOption(new Option('--lang <language>', 'language of the summary').choices(LANGUAGES).default('en'))
    .action(async (code: string, o: Record<string, unknown>) => {
      const store = await ctx.store();
      const found = await getIntervention(store.db, code);
      const live = await LiveCube.open(store);
      const cube = await live.fresh();
      const plan = planInterventionEvaluation(cube, (c) => live.compiledIndicator(c), found, {
        method: o['method'] as 'its' | 'scm' | 'did',
        ...(o['indicator'] === undefined ? {} : { indicator: o['indicator'] as string }),
        ...(o['periodType'] === undefined
          ? {}
          : { periodType: o['periodType'] as 'month' | 'quarter' | 'year' }),
        ...(o['control'] === undefined ? {} : { control: o['control'] as 'population' | 'donors' }),
        ...(o['placebos'] === true ? { placebos: true } : {}),
      });
      const outcome = runEvaluationJob(plan.job);
      if (o['json'] === true) {
        ctx.out.write(
          JSON.stringify(
            { intervention: found.code, view: EVALUATION_VIEW, panel: plan.description, outcome },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const language = o['lang'] as Language;
      const p = plan.description;
      ctx.out.write(
        `${found.name} (${found.code}): ${p.method}, ${p.indicator}, ${p.periods.first}–${p.periods.last} (${p.periods.count} ${p.periodType}s), ${p.treated.length} treated, ${p.donors.length} comparison units; published values only\n`,
      );
      ctx.out.write(`${outcome.summary.headline[language]}\n`);
      for (const line of outcome.summary.details) ctx.out.write(`  ${line[language]}\n`);
      for (const caveat of outcome.summary.caveats) ctx.out.write(`  ! ${caveat[language]}\n`);
    });

  return [intervention];
}
