/**
 * Mexico's SESNSP state-level monthly incidence (`IDEFC_NM_*.csv`): `Anio,Clave_Ent,Entidad,Bien
 * juridico afectado,Tipo de delito,Subtipo de delito,Modalidad,Enero,…,Diciembre`, one row per
 * state, year and crime modality. UTF-8 or Latin-1 (detected); some exports lost their accents
 * ("Otros delitos del Fuero Comn"), so names are matched without accents, and also with the
 * accented letters dropped altogether.
 *
 * **What is counted**: SESNSP counts *carpetas de investigación* (investigation files opened by
 * state prosecutors), not victims. "Homicidio doloso" is therefore not `homicide_victims`: a
 * mapping must name an element that means investigation files, which the catalogue must have
 * before the import (the seed catalogue has none yet; e.g. add `homicide_investigations`). The
 * reader does not check element codes: the import path refuses unknown ones.
 *
 * Mapping (JSON): a list of rules, the first that matches wins; `tipo`, `subtipo`, `modalidad`
 * are matched without case or accents (write them with their accents: "Común" then matches
 * "Comun" and the lossy "Comn"), an absent field matches anything:
 *
 * ```json
 * { "orgUnitPrefix": "MEX.",
 *   "rules": [ { "subtipo": "Homicidio doloso", "element": "homicide_investigations", "source": "ministry" },
 *              { "subtipo": "Homicidio doloso", "modalidad": "Con arma de fuego",
 *                "element": "homicide_investigations", "source": "ministry", "disaggregation": "weapon=firearm" } ] }
 * ```
 *
 * Every row matching a rule adds to that rule's value for the state and month (the four
 * modalities of "Homicidio doloso" sum to one figure). **Org units**: `Clave_Ent` (1–32, INEGI
 * state code) becomes `<orgUnitPrefix><2 digits>`, default `MEX.01`…`MEX.32`: the convention of
 * the demo geography (`MEX.01` is the first division), which a real geography must follow or
 * replace by its own prefix. **Blank months** (the months after the export date) are not
 * reported, never zeros: skipped and counted.
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { parseNumberCell } from './number-format.ts';
import { targetRow, type ElementTarget } from './reader-mapping.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export interface SesnspRule extends ElementTarget {
  readonly tipo?: string;
  readonly subtipo?: string;
  readonly modalidad?: string;
}

export interface SesnspMapping {
  /** default `MEX.` */
  readonly orgUnitPrefix?: string;
  readonly rules: readonly SesnspRule[];
}

const MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

/** Two keys for a name: accents removed, and accented letters dropped (as lossy exports did). */
function keys(text: string): [string, string] {
  const lower = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return [lower.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), lower.replace(/[^\x20-\x7e]/g, '')];
}

function sameName(a: string, b: string): boolean {
  const [a1, a2] = keys(a);
  const [b1, b2] = keys(b);
  return a1 === b1 || a2 === b2 || a2 === b1.replace(/[^\x20-\x7e]/g, '');
}

export function readSesnspMonthly(
  input: ReaderInput,
  mapping: SesnspMapping,
  options: ReaderOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, options);
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const yearAt = columnIndex(header.fields, 'Anio', 'Año', 'Ano');
  const stateAt = columnIndex(header.fields, 'Clave_Ent');
  const tipoAt = columnIndex(header.fields, 'Tipo de delito');
  const subtipoAt = columnIndex(header.fields, 'Subtipo de delito');
  const modalidadAt = columnIndex(header.fields, 'Modalidad');
  const monthAt = MONTHS.map((month) => header.fields.findIndex((name) => keys(name)[0] === month));
  if (yearAt < 0 || stateAt < 0 || tipoAt < 0 || monthAt.some((at) => at < 0)) {
    out.issue(
      header.line,
      'expected the SESNSP columns Anio, Clave_Ent, Tipo de delito and Enero…Diciembre',
      1,
    );
    return out.result();
  }
  const prefix = mapping.orgUnitPrefix ?? 'MEX.';
  const sums = new Map<string, { row: CanonicalRow; value: number; line: number }>();
  for (const record of data) {
    const tipo = cell(record, tipoAt);
    const subtipo = cell(record, subtipoAt);
    const modalidad = cell(record, modalidadAt);
    const rule = mapping.rules.find(
      (r) =>
        (r.tipo === undefined || sameName(r.tipo, tipo)) &&
        (r.subtipo === undefined || sameName(r.subtipo, subtipo)) &&
        (r.modalidad === undefined || sameName(r.modalidad, modalidad)),
    );
    if (rule === undefined) {
      out.skip('crime-type-not-mapped');
      continue;
    }
    const year = cell(record, yearAt);
    const state = cell(record, stateAt);
    if (!/^[0-9]{4}$/.test(year)) {
      out.issue(record.line, `"${year}" is not a year`, yearAt + 1, 'Anio');
      continue;
    }
    if (!/^[0-9]{1,2}$/.test(state) || Number(state) < 1 || Number(state) > 32) {
      out.issue(record.line, `"${state}" is not a state code (1–32)`, stateAt + 1, 'Clave_Ent');
      continue;
    }
    const orgUnit = `${prefix}${state.padStart(2, '0')}`;
    monthAt.forEach((at, m) => {
      const parsed = parseNumberCell(cell(record, at), '.');
      if (parsed.kind === 'invalid') {
        out.issue(record.line, parsed.message, at + 1, header.fields[at]);
        return;
      }
      if (parsed.kind !== 'number') {
        out.skip(parsed.kind === 'blank' ? 'blank-month' : 'not-applicable');
        return;
      }
      const period = `${year}-${String(m + 1).padStart(2, '0')}`;
      const row = targetRow(rule, orgUnit, period, 0);
      const key = `${row.element}|${row.orgUnit}|${row.period}|${row.disaggregation}|${row.source}`;
      const sum = sums.get(key);
      if (sum === undefined) sums.set(key, { row, value: parsed.value, line: record.line });
      else sum.value += parsed.value;
    });
  }
  for (const { row, value, line } of sums.values()) out.add({ ...row, value }, line);
  return out.result();
}
