import { AppError } from '../core/errors.ts';

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[]>;
}

/** Options that may be given several times (collected into a list). */
const REPEATABLE = new Set(['map']);
/** Options that take no value. */
const FLAGS = new Set(['json', 'help', 'no-demo', 'journeys', 'keep-repeats']);

/**
 * A small, strict argv parser: `--name value`, `--name=value`, boolean flags, repeatable options.
 *
 * @example parseArgs(['workspace', 'create', '--name', 'Acme', '--json'])
 *   // { positionals: ['workspace', 'create'], options: { name: 'Acme', json: true } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    let value: string | boolean;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (FLAGS.has(name)) value = true;
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new AppError(400, 'usage', `option --${name} needs a value`);
      }
      value = next;
      i++;
    }
    if (REPEATABLE.has(name)) {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(String(value));
      options[name] = list;
    } else {
      options[name] = value;
    }
  }
  return { positionals, options };
}

export function optionString(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new AppError(400, 'usage', `option --${name} needs a value`);
  return v;
}

export function requireOption(args: ParsedArgs, name: string): string {
  const v = optionString(args, name);
  if (v === undefined || v === '')
    throw new AppError(400, 'usage', `missing required option --${name}`);
  return v;
}
