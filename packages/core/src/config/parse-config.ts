import { DEFAULT_ALARM_CATEGORIES } from '../alarms/categories.js';
import { ConfigError } from './config-error.js';
import { isValidZone } from '../time/zone.js';
import { isDay } from '../time/calendar.js';
import {
  type AlarmCategoryRule,
  type FleetConfig,
  type MachineConfig,
  type MotorConfig,
  type SensorConfig,
  WEEKDAYS,
  type Weekday,
} from './fleet-config.js';

type Json = Record<string, unknown>;

/** Collects every problem of a config, so one run of the CLI reports them all. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(obj: Json, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.add(`${path}.${key}`, `unknown field; allowed: ${allowed.join(', ')}`);
  }
}

// null reads as absent, so a parsed config written back as JSON parses again.
function str(obj: Json, key: string, path: string, problems: Problems, fallback: string | null): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || v.trim() === '') {
    problems.add(`${path}.${key}`, 'must be a non-empty string');
    return fallback;
  }
  return v;
}

function num(obj: Json, key: string, path: string, problems: Problems, fallback: number | null): number | null {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    problems.add(`${path}.${key}`, `must be a finite number, got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

/** metrics.md §14: configured magnitudes, so no product of them overflows a stored number. */
const LARGEST = 1e9;

/** A finite number of magnitude at most 1e9, and > 0 when `positive`. */
function bounded(obj: Json, key: string, path: string, problems: Problems, fallback: number | null, positive = false): number | null {
  const v = num(obj, key, path, problems, fallback);
  if (v === null || v === fallback) return v;
  if (Math.abs(v) > LARGEST) {
    problems.add(`${path}.${key}`, `must be at most ${LARGEST} in magnitude, got ${v}`);
    return fallback;
  }
  if (positive && v <= 0) {
    problems.add(`${path}.${key}`, `must be > 0, got ${v}`);
    return fallback;
  }
  return v;
}

/** No CNC log of this product's users is older. */
export const DEFAULT_HISTORY_START = '2000-01-01T00:00:00.000Z';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const HH_00 = /^([01]\d|2[0-3]):00$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A variable's display label: 1 to 200 characters of text, or undefined when not given. */
function label(o: Record<string, unknown>, path: string, problems: Problems): string | undefined {
  const value = o.label;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    problems.add(`${path}.label`, 'must be a text of 1 to 200 characters, e.g. "Spindle temperature"');
    return undefined;
  }
  return value;
}

function parseSensors(value: unknown, path: string, problems: Problems): SensorConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of { name, label?, unit, scale?, min?, max? }');
    return [];
  }
  return value.flatMap((s, i): SensorConfig[] => {
    const p = `${path}[${i}]`;
    if (typeof s === 'string') return [{ name: s, label: s, unit: '', scale: 1, min: null, max: null }];
    if (!isObject(s)) {
      problems.add(p, 'must be an object { name, label?, unit, scale?, min?, max? }');
      return [];
    }
    checkKeys(s, ['name', 'label', 'unit', 'scale', 'min', 'max'], p, problems);
    const name = str(s, 'name', p, problems, null);
    if (name === null) problems.add(`${p}.name`, 'is required: the variable name in table `variable`');
    const scale = bounded(s, 'scale', p, problems, 1, true)!;
    const min = bounded(s, 'min', p, problems, null);
    const max = bounded(s, 'max', p, problems, null);
    if (min !== null && max !== null && min > max) problems.add(p, `min (${min}) is greater than max (${max})`);
    if (s.unit !== undefined && typeof s.unit !== 'string') problems.add(`${p}.unit`, 'must be a string');
    const unit = typeof s.unit === 'string' ? s.unit : '';
    return name === null ? [] : [{ name, label: label(s, p, problems) ?? name, unit, scale, min, max }];
  });
}

function parseMotors(value: unknown, path: string, problems: Problems): MotorConfig[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of { name, label?, nominalKw, max? }');
    return [];
  }
  return value.flatMap((m, i): MotorConfig[] => {
    const p = `${path}[${i}]`;
    if (!isObject(m)) {
      problems.add(p, 'must be an object { name, label?, nominalKw, max? }');
      return [];
    }
    checkKeys(m, ['name', 'label', 'nominalKw', 'max'], p, problems);
    const name = str(m, 'name', p, problems, null);
    const nominalKw = bounded(m, 'nominalKw', p, problems, null, true);
    const max = bounded(m, 'max', p, problems, 1000, true)!;
    if (name === null) problems.add(`${p}.name`, 'is required: the variable name in table `variable`');
    if (nominalKw === null && m.nominalKw === undefined)
      problems.add(`${p}.nominalKw`, 'is required: the motor nominal power in kW, e.g. 37');
    return name !== null && nominalKw !== null ? [{ name, label: label(m, p, problems) ?? name, nominalKw, max }] : [];
  });
}

function parseAlarmCategories(value: unknown, path: string, problems: Problems): AlarmCategoryRule[] {
  if (value === undefined) return DEFAULT_ALARM_CATEGORIES.map((r) => ({ ...r, keywords: [...r.keywords] }));
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of { category, keywords: [...] }');
    return [];
  }
  return value.flatMap((r, i): AlarmCategoryRule[] => {
    const p = `${path}[${i}]`;
    if (!isObject(r)) {
      problems.add(p, 'must be an object { category, keywords: [...] }');
      return [];
    }
    checkKeys(r, ['category', 'keywords'], p, problems);
    const category = str(r, 'category', p, problems, null);
    const keywords = r.keywords;
    if (category === null) problems.add(`${p}.category`, 'is required');
    if (!Array.isArray(keywords) || keywords.some((k) => typeof k !== 'string' || k === '')) {
      problems.add(`${p}.keywords`, 'must be a list of non-empty strings');
      return [];
    }
    return category === null ? [] : [{ category, keywords: keywords as string[] }];
  });
}

function parseWeekdays(value: unknown, path: string, problems: Problems): Weekday[] {
  if (value === undefined) return [...WEEKDAYS];
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of weekdays, e.g. ["Mon", "Tue", "Wed", "Thu", "Fri"]`);
    return [...WEEKDAYS];
  }
  const days = new Set<Weekday>();
  for (const [i, d] of value.entries()) {
    if (typeof d === 'string' && (WEEKDAYS as readonly string[]).includes(d)) days.add(d as Weekday);
    else problems.add(`${path}[${i}]`, `unknown weekday ${JSON.stringify(d)}; use one of ${WEEKDAYS.join(', ')}`);
  }
  return WEEKDAYS.filter((d) => days.has(d));
}

function parseHolidays(value: unknown, path: string, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, 'must be a list of production days "YYYY-MM-DD"');
    return [];
  }
  const days = new Set<string>();
  for (const [i, d] of value.entries()) {
    if (typeof d === 'string' && isDay(d)) days.add(d);
    else problems.add(`${path}[${i}]`, `${JSON.stringify(d)} is not a date; write a production day as "YYYY-MM-DD"`);
  }
  return [...days].sort();
}

function parseMachine(m: unknown, path: string, problems: Problems): MachineConfig | null {
  if (!isObject(m)) {
    problems.add(path, 'must be an object with at least { id, source }');
    return null;
  }
  checkKeys(
    m,
    [
      'id',
      'name',
      'source',
      'timezone',
      'dayStart',
      'shifts',
      'offlineGapSeconds',
      'historyStart',
      'clockSkewSeconds',
      'variables',
      'alarmCategories',
      'holidays',
    ],
    path,
    problems,
  );
  const id = typeof m.id === 'number' ? String(m.id) : str(m, 'id', path, problems, null);
  if (id === null) problems.add(`${path}.id`, 'is required: a unique machine id such as "2207"');
  else if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    problems.add(`${path}.id`, 'may only hold letters, digits, ".", "_" and "-" (at most 64), since it appears in URLs');
  }
  const source = str(m, 'source', path, problems, null);
  if (source === null) {
    problems.add(
      `${path}.source`,
      'is required: the connection string of the machine production DB, e.g. postgres://reader@plant-db:5432/2207',
    );
  }
  const timezone = str(m, 'timezone', path, problems, 'UTC')!;
  if (!isValidZone(timezone)) problems.add(`${path}.timezone`, `unknown time zone "${timezone}"; use an IANA name such as Europe/Madrid`);
  const dayStart = str(m, 'dayStart', path, problems, '00:00')!;
  if (!HH_00.test(dayStart)) problems.add(`${path}.dayStart`, `must be a whole local hour "HH:00", got "${dayStart}"`);
  const offlineGapSeconds = bounded(m, 'offlineGapSeconds', path, problems, 600, true)!;
  const clockSkewSeconds = bounded(m, 'clockSkewSeconds', path, problems, 300)!;
  if (clockSkewSeconds < 0) problems.add(`${path}.clockSkewSeconds`, 'must be ≥ 0');
  let historyStart = DEFAULT_HISTORY_START;
  if (m.historyStart !== undefined && m.historyStart !== null) {
    const t = typeof m.historyStart === 'string' && ISO_INSTANT.test(m.historyStart) ? Date.parse(m.historyStart) : Number.NaN;
    if (Number.isNaN(t)) {
      problems.add(`${path}.historyStart`, `must be an ISO instant such as "2015-01-01T00:00:00Z", got ${JSON.stringify(m.historyStart)}`);
    } else historyStart = new Date(t).toISOString();
  }

  const shifts: MachineConfig['shifts'] = [];
  if (m.shifts !== undefined) {
    if (!Array.isArray(m.shifts)) problems.add(`${path}.shifts`, 'must be a list of { name, start: "HH:MM", days? }');
    else {
      m.shifts.forEach((s, i) => {
        const p = `${path}.shifts[${i}]`;
        if (!isObject(s)) {
          problems.add(p, 'must be an object { name, start: "HH:MM", days? }');
          return;
        }
        checkKeys(s, ['name', 'start', 'days'], p, problems);
        const name = str(s, 'name', p, problems, null);
        const start = str(s, 'start', p, problems, null);
        if (name === null) problems.add(`${p}.name`, 'is required');
        if (start === null || !HH_MM.test(start))
          problems.add(`${p}.start`, `must be a local time "HH:MM", got ${JSON.stringify(s.start)}`);
        const days = parseWeekdays(s.days, `${p}.days`, problems);
        if (name !== null && start !== null && HH_MM.test(start)) shifts.push({ name, start, days });
      });
      const names = new Set(shifts.map((s) => s.name));
      const starts = new Set(shifts.map((s) => s.start));
      if (names.size !== shifts.length) problems.add(`${path}.shifts`, 'shift names must be unique');
      if (starts.size !== shifts.length) problems.add(`${path}.shifts`, 'shift start times must be distinct');
    }
  }

  const vars = m.variables === undefined ? {} : m.variables;
  const vp = `${path}.variables`;
  let variables: MachineConfig['variables'] = {
    inOperation: null,
    program: null,
    emergency: null,
    standby: null,
    alarms: null,
    motors: [],
    sensors: [],
  };
  if (!isObject(vars)) problems.add(vp, 'must be an object { inOperation?, program?, emergency?, standby?, alarms?, motors?, sensors? }');
  else {
    checkKeys(vars, ['inOperation', 'program', 'emergency', 'standby', 'alarms', 'motors', 'sensors'], vp, problems);
    let program: MachineConfig['variables']['program'] = null;
    if (typeof vars.program === 'string') program = { name: vars.program, min: 0, max: 999 };
    else if (isObject(vars.program)) {
      const pp = `${vp}.program`;
      checkKeys(vars.program, ['name', 'min', 'max'], pp, problems);
      const name = str(vars.program, 'name', pp, problems, null);
      if (name === null) problems.add(`${pp}.name`, 'is required');
      const min = bounded(vars.program, 'min', pp, problems, 0)!;
      const max = bounded(vars.program, 'max', pp, problems, 999)!;
      if (min > max) problems.add(pp, `min (${min}) is greater than max (${max})`);
      if (name !== null) program = { name, min, max };
    } else if (vars.program !== undefined && vars.program !== null)
      problems.add(`${vp}.program`, 'must be a variable name or { name, min?, max? }');
    variables = {
      inOperation: str(vars, 'inOperation', vp, problems, null),
      program,
      emergency: str(vars, 'emergency', vp, problems, null),
      standby: str(vars, 'standby', vp, problems, null),
      alarms: str(vars, 'alarms', vp, problems, null),
      motors: parseMotors(vars.motors, `${vp}.motors`, problems),
      sensors: parseSensors(vars.sensors, `${vp}.sensors`, problems),
    };
    const sensorNames = variables.sensors.map((s) => s.name);
    if (new Set(sensorNames).size !== sensorNames.length) problems.add(`${vp}.sensors`, 'sensor names must be unique');
  }

  if (id === null || source === null) return null;
  return {
    id,
    name: str(m, 'name', path, problems, id)!,
    source,
    timezone,
    dayStart,
    shifts,
    offlineGapSeconds,
    historyStart,
    clockSkewSeconds,
    variables,
    alarmCategories: parseAlarmCategories(m.alarmCategories, `${path}.alarmCategories`, problems),
    holidays: parseHolidays(m.holidays, `${path}.holidays`, problems),
  };
}

/**
 * Validates a parsed fleet file and applies the defaults of metrics.md §2.
 * Throws one ConfigError listing every problem, each as `path: what to fix`.
 */
export function parseFleetConfig(input: unknown, origin = 'fleet config'): FleetConfig {
  const problems = new Problems();
  const machines: MachineConfig[] = [];
  if (!isObject(input)) problems.add('(root)', 'must be an object { "machines": [...] }');
  else {
    checkKeys(input, ['machines'], '(root)', problems);
    if (!Array.isArray(input.machines) || input.machines.length === 0) {
      problems.add('machines', 'is required: a non-empty list of machines, each with at least { id, source }');
    } else {
      input.machines.forEach((m, i) => {
        const parsed = parseMachine(m, `machines[${i}]`, problems);
        if (parsed) machines.push(parsed);
      });
      const seen = new Set<string>();
      for (const m of machines) {
        if (seen.has(m.id)) problems.add('machines', `duplicate machine id "${m.id}"`);
        seen.add(m.id);
      }
    }
  }
  if (problems.list.length > 0) {
    throw new ConfigError(`invalid ${origin}:\n  - ${problems.list.join('\n  - ')}`);
  }
  return { machines };
}
