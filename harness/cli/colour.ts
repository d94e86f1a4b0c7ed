/** Colours for terminal output: only on a TTY, never with NO_COLOR, always with FORCE_COLOR. */
import pc from 'picocolors';

export type Colours = ReturnType<typeof pc.createColors>;

/**
 * picocolors alone also colours when CI is set, even into a pipe or a file;
 * output that is not a terminal stays plain here unless FORCE_COLOR asks.
 */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function coloursFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colours {
  return pc.createColors(wantsColour(stream, env));
}
