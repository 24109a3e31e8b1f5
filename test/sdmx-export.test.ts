/**
 * SDMX-CSV export, from `atalaya export --format sdmx` and `GET /api/data-values?format=sdmx`, on
 * every dialect: the file imports back (`atalaya import --format sdmx`) with every value
 * unchanged, disaggregations and several sources included, over more than one page of the
 * stream; an `--action D` export re-imported deletes those values; bad options are refused and
 * leave no file; the API shows the public published values only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSdmxCsv } from '../src/ingest/sdmx-csv.ts';
import { createApp } from '../src/server/app.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { runAtalaya } from './support/cli.ts';
import { HEADER } from './support/fixtures.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

const TOKEN = 'sdmx-export-operator-token-0123456789';

const MONTHS = Array.from(
  { length: 300 },
  (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

describeStores('SDMX-CSV export', (dialect) => {
  let dir: string;
  let db: string;
  let drop: () => Promise<void>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  /** how many values the big file holds */
  let bigRows = 0;

  const atalaya = (...args: string[]) => runAtalaya(['--db', db, ...args]);
  /** every stored value as canonical CSV (read in process, through the API, to spare a process) */
  const canonical = async (query = ''): Promise<string> => {
    const res = await app.request(`/api/data-values?format=csv&limit=50000${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const file = (name: string, text?: string): string => {
    const path = join(dir, name);
    if (text !== undefined) writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-sdmx-export-'));
    ({ location: db, drop } = await createTestDatabase(dialect));
    // disaggregations of four dimensions across three elements, several sources, two statuses
    const small = [
      'homicide_victims,HND,2019,,police,3482',
      'homicide_victims,HND,2019,,forensic,3500',
      'homicide_victims,HND,2019,sex=F,police,380',
      'homicide_victims,HND,2019,age_group=15-29;sex=M,police,1200',
      'homicide_victims,HND,2019,weapon=firearm,forensic,2900',
      'drug_seizures,MEX,2020-Q1,drug=cocaine_base,police,0.000001',
      'drug_seizures,MEX,2020-Q1,drug=cannabis_herb,police,1234.5678901234',
      'prisoners,CRI,2020-11,detention=sentenced;offence=drug;sex=F,prisons,123456789012',
    ];
    expect(
      (await atalaya('import', file('small.csv', [HEADER, ...small, ''].join('\n')), '--status', 'published'))
        .code,
    ).toBe(0);
    const drafts = ['homicide_victims,SLV,2019,sex=F,police,99', 'homicide_victims,SLV,2019,,health,101'];
    expect((await atalaya('import', file('drafts.csv', [HEADER, ...drafts, ''].join('\n')))).code).toBe(0);
    store = openStore(db);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
    // more values than one page of the stream (20 000): every member state, month and two sources
    const states = await store.db
      .selectFrom('org_unit')
      .select('code')
      .where('level', '=', 'member_state')
      .orderBy('code')
      .execute();
    const big = [HEADER];
    for (const { code } of states) {
      for (const [m, month] of MONTHS.entries()) {
        big.push(`homicide_investigations,${code},${month},,police,${(m * 7 + code.length) % 500}`);
        big.push(`homicide_investigations,${code},${month},,justice,${(m * 3) % 400}`);
      }
    }
    bigRows = big.length - 1;
    expect(bigRows).toBeGreaterThan(20_000);
    expect(
      (await atalaya('import', file('big.csv', big.join('\n') + '\n'), '--status', 'published')).code,
    ).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes SDMX-CSV 2.0: one column per dimension used, _T for totals, OBS_STATUS A or P', async () => {
    const out = await atalaya(
      'export',
      '--format',
      'sdmx',
      '--element',
      'homicide_victims,drug_seizures,prisoners',
    );
    expect(out.code).toBe(0);
    expect(out.stdout.split('\r\n')).toEqual([
      'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,AGE_GROUP,DETENTION,DRUG,OFFENCE,SEX,WEAPON,SOURCE,OBS_VALUE,OBS_STATUS',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,SLV,2019,_T,_T,_T,_T,_T,_T,health,101,P',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,SLV,2019,_T,_T,_T,_T,F,_T,police,99,P',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,HND,2019,_T,_T,_T,_T,_T,_T,police,3482,A',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,HND,2019,_T,_T,_T,_T,_T,_T,forensic,3500,A',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,HND,2019,15-29,_T,_T,_T,M,_T,police,1200,A',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,HND,2019,_T,_T,_T,_T,F,_T,police,380,A',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,HND,2019,_T,_T,_T,_T,_T,firearm,forensic,2900,A',
      'dataflow,OAS:ATALAYA(1.0),I,drug_seizures,MEX,2020-Q1,_T,_T,cannabis_herb,_T,_T,_T,police,1234.5678901234,A',
      'dataflow,OAS:ATALAYA(1.0),I,drug_seizures,MEX,2020-Q1,_T,_T,cocaine_base,_T,_T,_T,police,0.000001,A',
      'dataflow,OAS:ATALAYA(1.0),I,prisoners,CRI,2020-11,_T,sentenced,_T,drug,F,_T,prisons,123456789012,A',
      '',
    ]);
    // the filters choose the columns too: SLV's drafts use sex only
    const slv = await atalaya('export', '--format', 'sdmx', '--org-unit', 'SLV', '--status', 'draft');
    expect(slv.stdout.split('\r\n')[0]).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,SEX,SOURCE,OBS_VALUE,OBS_STATUS',
    );
    const none = await atalaya('export', '--format', 'sdmx', '--org-unit', 'ARG', '--element', 'prisoners');
    expect(none.stdout).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,SOURCE,OBS_VALUE,OBS_STATUS\r\n',
    );
  });

  it('imports its own export back with every value unchanged, in both versions, over several pages', async () => {
    const before = await canonical();
    const total = bigRows + 10;
    expect(before.trim().split('\n')).toHaveLength(total + 1);
    for (const version of ['2.0', '1.0']) {
      const path = join(dir, `all-${version}.csv`);
      const exported = await atalaya('export', '--format', 'sdmx', '--sdmx-version', version, '-o', path);
      expect(exported.code).toBe(0);
      expect(exported.stderr).toContain(`Exported ${total} values to ${path}`);
      const text = readFileSync(path, 'utf8');
      expect(
        text.startsWith(version === '1.0' ? 'DATAFLOW,ELEMENT,' : 'STRUCTURE,STRUCTURE_ID,ACTION,'),
      ).toBe(true);
      // the same header throughout: the reader finds every row of every page
      const read = readSdmxCsv(text);
      expect(read.issues).toEqual([]);
      expect(read.rows).toHaveLength(total);
      const back = await atalaya('import', path, '--format', 'sdmx');
      expect(back.stderr).toBe('');
      expect(back.stdout).toContain(`${total} rows, 0 new, 0 changed, ${total} unchanged, 0 deleted`);
      expect(await canonical()).toBe(before);
    }
  }, 120_000);

  it('exports with --action D a file that deletes those values when imported', async () => {
    const path = join(dir, 'delete.csv');
    const filters = ['--element', 'drug_seizures,prisoners', '--source', 'police,prisons'];
    const exported = await atalaya('export', '--format', 'sdmx', '--action', 'D', ...filters, '-o', path);
    expect(exported.code).toBe(0);
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((line) => line.startsWith('dataflow,OAS:ATALAYA(1.0),D,'))).toBe(true);
    const before = await canonical();
    // deleting published values takes an import that may change them
    const draft = await atalaya('import', path, '--format', 'sdmx');
    expect(draft.code).toBe(1);
    expect(await canonical()).toBe(before);
    const done = await atalaya('import', path, '--format', 'sdmx', '--status', 'published');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('3 rows, 0 new, 0 changed, 0 unchanged, 3 deleted');
    expect(await canonical('&element=drug_seizures,prisoners')).toBe(`${HEADER}\n`);
    const kept = before
      .split('\n')
      .filter((line) => !line.startsWith('drug_seizures,') && !line.startsWith('prisoners,'));
    expect(await canonical()).toBe(kept.join('\n'));
    const again = await atalaya('import', path, '--format', 'sdmx', '--status', 'published');
    expect(again.stdout).toContain('3 rows, 0 new, 0 changed, 3 unchanged, 0 deleted');
  });

  it('names the dataflow and the action it is given', async () => {
    const out = await atalaya(
      ...['export', '--format', 'sdmx', '--org-unit', 'HND', '--source', 'forensic'],
      ...['--dataflow', 'OAS.SSM:DF_SECURITY(2.1)', '--action', 'R'],
    );
    expect(out.stdout.split('\r\n').slice(1, 3)).toEqual([
      'dataflow,OAS.SSM:DF_SECURITY(2.1),R,homicide_victims,HND,2019,_T,forensic,3500,A',
      'dataflow,OAS.SSM:DF_SECURITY(2.1),R,homicide_victims,HND,2019,firearm,forensic,2900,A',
    ]);
  });

  it('refuses bad options before writing anything; exit 1', async () => {
    const path = join(dir, 'refused.csv');
    const cases: [string[], string][] = [
      [['--sdmx-version', '1.0', '--action', 'D'], 'action D needs SDMX-CSV 2.0'],
      [['--dataflow', 'OAS ATALAYA'], 'dataflow "OAS ATALAYA" is not AGENCY:ID(VERSION)'],
      [['--action', 'X'], "argument 'X' is invalid"],
    ];
    for (const [options, message] of cases) {
      const out = await atalaya('export', '--format', 'sdmx', ...options, '-o', path);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(message);
      expect(existsSync(path)).toBe(false);
    }
    const canonicalWithAction = await atalaya('export', '--action', 'D', '-o', path);
    expect(canonicalWithAction.code).toBe(1);
    expect(canonicalWithAction.stderr).toContain(
      '--sdmx-version, --action and --dataflow need --format sdmx',
    );
    expect(existsSync(path)).toBe(false);
  });

  it('serves SDMX-CSV pages from the API: published values only for the public, the same columns on every page', async () => {
    const url = '/api/data-values?format=sdmx&element=homicide_victims';
    const pub = await app.request(url);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe(
      'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
    );
    const pubRows = readSdmxCsv(await pub.text()).rows;
    const published = [
      'HND,,police',
      'HND,,forensic',
      'HND,age_group=15-29;sex=M,police',
      'HND,sex=F,police',
      'HND,weapon=firearm,forensic',
    ];
    const key = (r: { orgUnit: string; disaggregation: string; source: string }) =>
      `${r.orgUnit},${r.disaggregation},${r.source}`;
    expect(pubRows.map(key)).toEqual(published);
    // even when asked for drafts
    const asked = await (await app.request(`${url}&status=draft`)).text();
    expect(readSdmxCsv(asked).rows.map(key)).toEqual(published);
    expect(asked).not.toContain(',P\r\n');
    const admin = { authorization: `Bearer ${TOKEN}` };
    const all = await (await app.request(url, { headers: admin })).text();
    expect(all.split('\r\n').filter((line) => line.endsWith(',P'))).toEqual([
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,SLV,2019,_T,_T,_T,health,101,P',
      'dataflow,OAS:ATALAYA(1.0),I,homicide_victims,SLV,2019,_T,F,_T,police,99,P',
    ]);
    // page by page: each a whole file with the header of the whole selection
    const pages = await Promise.all(
      [0, 3, 6].map(async (offset) =>
        (await app.request(`${url}&limit=3&offset=${offset}`, { headers: admin })).text(),
      ),
    );
    const headers = new Set(pages.map((page) => page.split('\r\n')[0]));
    expect([...headers]).toEqual([all.split('\r\n')[0]]);
    expect(pages.map((page) => page.split('\r\n').slice(1, -1)).flat()).toEqual(
      all.split('\r\n').slice(1, -1),
    );
    const v1 = await app.request(`${url}&sdmxVersion=1.0&dataflow=UNODC:DF_CTS(1.0)`);
    expect(v1.headers.get('content-type')).toContain('version=1.0.0');
    expect((await v1.text()).split('\r\n')[1]).toBe(
      'UNODC:DF_CTS(1.0),homicide_victims,HND,2019,_T,_T,_T,police,3482,A',
    );
  });

  it('answers 400 to SDMX options it cannot honour', async () => {
    for (const query of [
      'format=sdmx&sdmxVersion=1.0&action=D',
      'format=sdmx&dataflow=nope',
      'format=sdmx&action=X',
      'format=csv&action=D',
    ]) {
      const res = await app.request(`/api/data-values?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
