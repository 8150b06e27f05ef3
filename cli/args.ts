// A small, strict reading of the command line: every option is declared, so a typo is a usage
// error rather than a silently ignored flag.

export interface ParsedArgs {
  positional: string[];
  values: Record<string, string>;
  flags: Set<string>;
}

export interface OptionSpec {
  /** Options that take a value: `--settings <file>` or `--settings=<file>`. */
  values: readonly string[];
  /** Options without a value: `--json`. */
  flags: readonly string[];
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs | string {
  const parsed: ParsedArgs = { positional: [], values: {}, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      parsed.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg.slice(2));
    if (spec.flags.includes(name)) {
      if (inline !== null) return `--${name} takes no value`;
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") return `--${name} needs a value`;
      parsed.values[name] = value;
    } else {
      return `unknown option --${name}`;
    }
  }
  return parsed;
}

function splitOption(text: string): [string, string | null] {
  const eq = text.indexOf("=");
  return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
}
