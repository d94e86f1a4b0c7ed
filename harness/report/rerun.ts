/** The one command that re-runs one case, as every report (terminal, Markdown, JUnit, HTML, Jest) prints it. */

export interface RerunOf {
  id: string;
  subject: string;
  against: string;
  provider: string;
  otp: string;
  /** The scenario's file when it came from --scenarios (gentcp run takes the file itself). */
  source?: string;
  /** --divergences files of the run, so the re-run judges it the same way. */
  divergenceFiles?: readonly string[];
}

/** A word as a shell reads it back: quoted when it holds anything but plain characters (a node:cmd: command, a path with spaces). */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function rerunCommand(r: RerunOf): string {
  const words = ['gentcp', 'run', r.source ?? r.id, '--subject', r.subject, '--against', r.against, '--reference', r.provider, '--otp', r.otp];
  if (r.divergenceFiles?.length) words.push('--divergences', r.divergenceFiles.join(','));
  return words.map(shellWord).join(' ');
}
