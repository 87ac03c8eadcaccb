/**
 * The commander flavour every cryptoplug command is built with (the root program is a CliCommand, and commander's
 * `createCommand` hands the same class to every `.command(...)` below it):
 *
 * - Unknown options are reported as unknown, with a suggestion, before anything else. Commander checks missing
 *   required options *before* unknown ones, so `sign --algo ES256` used to say "required option '--alg' not specified"
 *   and never mention `--algo`. A leaf command now reports the first unknown option right after parsing its options
 *   ("error: unknown option '--algo' (Did you mean --alg?)"). Groups (commands with subcommands) pass unknown options
 *   on to their subcommand, as commander does.
 * - Required options say "(required)" in `--help`.
 * - {@link examples} adds the "Examples:" section every `--help` screen has.
 * - {@link aliasOption}: an old spelling kept working as a hidden option that writes the new option's value.
 */
import { Command, Help, Option } from 'commander';

const HELP_FLAGS = new Set(['-h', '--help']);

class CliHelp extends Help {
  override optionDescription(option: Option): string {
    const text = super.optionDescription(option);
    return option.mandatory ? `${text} (required)` : text;
  }
}

export class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new CliHelp(), this.configureHelp());
  }

  override parseOptions(argv: string[]): { operands: string[]; unknown: string[] } {
    const parsed = super.parseOptions(argv);
    // A leaf command: after its own options are parsed, parsed.unknown starts with the first option it does not know
    // (commander puts everything from there on into `unknown`). --help anywhere still shows the help.
    if (this.commands.length === 0 && parsed.unknown.length > 0 && !parsed.unknown.some((a) => HELP_FLAGS.has(a))) {
      (this as unknown as { unknownOption(flag: string): never }).unknownOption(parsed.unknown[0]!);
    }
    return parsed;
  }
}

/** Adds the "Examples:" section shown after the help text. Each line is one shell command (comments allowed). */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/**
 * A hidden option that stores into `target`'s attribute: `aliasOption('--aud <AUD>', audience)` keeps `--aud` working
 * for scripts written before `--audience` was the name, without showing it in `--help`. The alias uses the target's
 * value parser, so both spellings give the same value.
 */
export function aliasOption(flags: string, target: Option): Option {
  const alias = new Option(flags, `old spelling of ${target.long}`).hideHelp();
  const attribute = target.attributeName();
  alias.attributeName = () => attribute;
  // (a target with .choices() has its choice check as parseArg)
  if (target.parseArg) alias.argParser(target.parseArg);
  return alias;
}

/** Adds `option` and hidden aliases for its old spellings. */
export function addOptionWithAliases(cmd: Command, option: Option, ...oldFlags: string[]): Command {
  cmd.addOption(option);
  for (const flags of oldFlags) cmd.addOption(aliasOption(flags, option));
  return cmd;
}
