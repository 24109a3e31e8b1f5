/**
 * `atalaya diagnose UNIT --year YEAR`: the diagnosis of a unit (published data) printed in plain
 * words (`--lang`) or as JSON, and written as an HTML or PDF report (`--html FILE`, `--pdf FILE`).
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { LiveCube } from '../analytics/analytics.store.ts';
import { ValidationError } from '../kernel/errors.ts';
import { LANGUAGES, type Language } from '../kernel/i18n.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { htmlToPdf } from '../setup/html-to-pdf.ts';
import type { Finding } from './diagnosis-model.ts';
import { readDiagnosis } from './diagnostics.store.ts';
import { reportHtml } from './report-html.ts';

const HEADINGS = {
  findings: { en: 'Problems', es: 'Problemas', pt: 'Problemas', fr: 'Problèmes' },
  strengths: { en: 'Strengths', es: 'Fortalezas', pt: 'Pontos fortes', fr: 'Points forts' },
  quality: {
    en: 'Limits of the data',
    es: 'Límites de los datos',
    pt: 'Limites dos dados',
    fr: 'Limites des données',
  },
} as const;

function year(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1990 || value > 2100) {
    throw new ValidationError(`--year: "${text}" is not a year between 1990 and 2100`);
  }
  return value;
}

export function diagnosticsCommands(ctx: CommandContext): Command[] {
  const diagnose = new Command('diagnose')
    .description('the problems, strengths and data limits the published evidence shows for a unit in a year')
    .argument('<orgUnit>', 'org unit code (MEX, SLV.13002)')
    .requiredOption('--year <year>', 'the year diagnosed', year)
    .addOption(
      new Option('--lang <language>', 'language of the text and report').choices(LANGUAGES).default('en'),
    )
    .option('--json', 'print the whole diagnosis as JSON')
    .option('--html <file>', 'write the report as a self-contained HTML file')
    .option('--pdf <file>', 'write the report as PDF (needs Chromium)')
    .action(
      async (
        orgUnit: string,
        o: { year: number; lang: Language; json?: boolean; html?: string; pdf?: string },
      ) => {
        const store = await ctx.store();
        const live = await LiveCube.open(store);
        const diagnosis = await readDiagnosis(store, live, orgUnit, o.year, 'published');
        const demo = await readDemoInfo(store.db);
        const language = o.lang;
        if (o.json === true) {
          ctx.out.write(JSON.stringify({ ...diagnosis, synthetic: demo !== undefined }, null, 2) + '\n');
        } else {
          ctx.out.write(`${diagnosis.orgUnitName[language]} (${diagnosis.orgUnit}), ${diagnosis.year}\n`);
          if (demo !== undefined) ctx.out.write(`! ${demo.notice[language]}\n`);
          const list = (heading: keyof typeof HEADINGS, findings: readonly Finding[]) => {
            ctx.out.write(`\n${HEADINGS[heading][language]} (${findings.length})\n`);
            for (const f of findings) {
              ctx.out.write(
                `  [${f.severity.toFixed(2)}] ${f.title[language]}\n      ${f.explanation[language]}\n`,
              );
            }
          };
          list('findings', diagnosis.findings);
          list('strengths', diagnosis.strengths);
          list('quality', diagnosis.quality);
        }
        if (o.html !== undefined || o.pdf !== undefined) {
          const html = reportHtml(diagnosis, {
            language,
            date: new Date().toISOString().slice(0, 10),
            ...(demo === undefined ? {} : { syntheticNotice: demo.notice }),
            indicatorNames: new Map([...live.indicators.values()].map((i) => [i.code, i.name])),
          });
          if (o.html !== undefined) {
            await writeFile(o.html, html, 'utf8');
            ctx.err.write(`wrote ${o.html}\n`);
          }
          if (o.pdf !== undefined) {
            await writeFile(o.pdf, await htmlToPdf(html));
            ctx.err.write(`wrote ${o.pdf}\n`);
          }
        }
      },
    );
  return [diagnose];
}
