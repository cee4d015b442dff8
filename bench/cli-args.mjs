// `--name value` options of a bench script: the value after the flag, or the fallback.
export function cliOption(args, name, fallback) {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
