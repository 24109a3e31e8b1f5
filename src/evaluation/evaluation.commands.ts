/**
 * `atalaya evaluate its|scm|did FILE`: an evaluation method on a panel given as a CSV file (data
 * outside the store). Prints the result in plain words (`--lang`), or the whole result as JSON.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { ValidationError } from '../kernel/errors.ts';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { runEvaluationJob, type EvaluationJob, type EvaluationOutcome } from './evaluation-job.ts';

type Options = Record<string, unknown>;

async function readPanel(file: string): Promise<{ csv: string; file: string }> {
  try {
    return { csv: await readFile(file, 'utf8'), file: basename(file) };
  } catch (error) {
    throw new ValidationError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

function number(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value)) throw new ValidationError(`--${name}: "${text}" is not a number`);
    return value;
  };
}

/** The options given, without those left out (commander sets them to undefined). */
function given(o: Options, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => o[name] !== undefined).map((name) => [name, o[name]]));
}

function report(ctx: CommandContext, outcome: EvaluationOutcome, o: Options): void {
  if (o['json'] === true) return void ctx.out.write(JSON.stringify(outcome, null, 2) + '\n');
  const language = o['lang'] as Language;
  ctx.out.write(`${outcome.summary.headline[language]}\n`);
  for (const line of outcome.summary.details) ctx.out.write(`  ${line[language]}\n`);
  for (const caveat of outcome.summary.caveats) ctx.out.write(`  ! ${caveat[language]}\n`);
  if (outcome.method === 'scm') {
    for (const w of outcome.fit.weights.filter((x) => x.weight >= 0.001)) {
      ctx.out.write(`  ${w.name.padEnd(32)} ${w.weight.toFixed(4)}\n`);
    }
  } else if (outcome.method === 'did' && outcome.design === 'staggered') {
    for (const e of outcome.result.effects) {
      const att = e.att === null ? 'NA' : e.att.toFixed(4);
      ctx.out.write(
        `  ATT(${e.group}, ${e.time}) ${att}${e.se === null ? '' : ` (SE ${e.se.toFixed(4)})`}\n`,
      );
    }
  }
}

async function run(ctx: CommandContext, file: string, o: Options, job: Omit<EvaluationJob, 'csv' | 'file'>) {
  report(ctx, runEvaluationJob({ ...(await readPanel(file)), ...job } as EvaluationJob), o);
}

const output = (command: Command): Command =>
  command
    .option('--json', 'print the whole result as JSON')
    .addOption(new Option('--lang <language>', 'language of the summary').choices(LANGUAGES).default('en'));

export function evaluationCommands(ctx: CommandContext): Command[] {
  const evaluate = new Command('evaluate').description(
    'evaluate an intervention on a panel in a CSV file: interrupted time series, synthetic control, difference-in-differences',
  );

  output(
    evaluate
      .command('its')
      .description('interrupted time series: segmented Poisson or quasi-Poisson regression')
      .argument('<file>', 'CSV file, one row per period')
      .requiredOption('--time <column>', 'consecutive integers, or period codes (2015-01, 2015-Q1, 2015)')
      .requiredOption('--outcome <column>', 'the counts')
      .requiredOption('--start <period>', 'first period of the intervention')
      .option('--exposure <column>', 'population or other exposure (offset log exposure)')
      .option(
        '--season <column>',
        'season of each row (month 1–12); derived from monthly or quarterly periods',
      )
      .addOption(new Option('--family <family>').choices(['poisson', 'quasipoisson']).default('quasipoisson'))
      .option('--harmonics <n>', 'Fourier pairs for seasonality', number('harmonics'), 0)
      .option('--slope', 'also estimate a change of slope'),
  ).action(async (file: string, o: Options) => {
    const request = given(o, ['time', 'outcome', 'start', 'exposure', 'season', 'family', 'harmonics']);
    await run(ctx, file, o, {
      method: 'its',
      request: { ...request, slopeChange: o['slope'] === true },
    } as never);
  });

  output(
    evaluate
      .command('scm')
      .description('synthetic control (Abadie, Diamond & Hainmueller; R Synth), with placebos on request')
      .argument('<file>', 'CSV file, one row per unit and period')
      .requiredOption('--unit <column>', 'unit id')
      .option('--name <column>', 'unit name')
      .requiredOption('--time <column>', 'period (a number, such as the year)')
      .requiredOption('--outcome <column>', 'outcome')
      .requiredOption('--treated <unit>', 'the treated unit (id or name)')
      .requiredOption('--treatment-time <period>', 'first treated period', number('treatment-time'))
      .option('--donors <units>', 'donor units, comma-separated (every other unit when absent)', list)
      .option('--exclude <units>', 'units left out of the donor pool, comma-separated', list)
      .option('--predictors <columns>', 'covariates averaged over --predictors-window, comma-separated', list)
      .option('--predictors-window <window>', 'e.g. 1964-1969')
      .option(
        '--special <variable:window>',
        'a special predictor, e.g. gdpcap:1960-1969 or sec.energy:1961-1969:2 (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option(
        '--optimize-window <window>',
        'pre-period whose outcome fit is optimised (every earlier period when absent)',
      )
      .option('--placebos', 'in-space placebo test (each donor in turn as the treated unit)')
      .option('--leave-one-out', 're-run without each donor that has a weight'),
  ).action(async (file: string, o: Options) => {
    const special = ((o['special'] as string[] | undefined) ?? []).map((text) => {
      const at = text.indexOf(':');
      if (at <= 0)
        throw new ValidationError(`--special: "${text}" is not variable:window (gdpcap:1960-1969)`);
      return { variable: text.slice(0, at), window: text.slice(at + 1) };
    });
    const request = {
      ...given(o, ['unit', 'name', 'time', 'outcome', 'treated', 'treatmentTime', 'donors', 'exclude']),
      ...given(o, ['predictors', 'predictorsWindow', 'optimizeWindow']),
      ...(special.length === 0 ? {} : { special }),
      placebos: o['placebos'] === true,
      leaveOneOut: o['leaveOneOut'] === true,
    };
    await run(ctx, file, o, { method: 'scm', request } as never);
  });

  output(
    evaluate
      .command('did')
      .description('difference-in-differences: staggered adoption (Callaway & Sant’Anna) or 2×2')
      .argument('<file>', 'CSV file, one row per unit and period (a balanced panel)')
      .requiredOption('--unit <column>', 'unit id')
      .requiredOption('--time <column>', 'period (a number)')
      .requiredOption('--outcome <column>', 'outcome')
      .option(
        '--group <column>',
        'first treated period of each unit (0 or empty: never treated): staggered adoption',
      )
      .option('--treated <column>', '2×2: whether the unit is treated (1/0)')
      .option('--post-from <period>', '2×2: first period after the intervention', number('post-from'))
      .option('--covariates <columns>', 'covariates for the doubly robust estimator, comma-separated', list)
      .addOption(
        new Option('--control <group>').choices(['nevertreated', 'notyettreated']).default('nevertreated'),
      )
      .addOption(
        new Option('--estimator <method>').choices(['dr', 'dr-improved', 'reg', 'ipw']).default('dr'),
      ),
  ).action(async (file: string, o: Options) => {
    const request = {
      ...given(o, ['unit', 'time', 'outcome', 'group', 'treated', 'postFrom', 'covariates', 'estimator']),
      controlGroup: o['control'],
    };
    await run(ctx, file, o, { method: 'did', request } as never);
  });
  return [evaluate];
}
