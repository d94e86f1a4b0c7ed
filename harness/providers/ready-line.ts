/** The one line only a live, ready driver prints. */
export const READY_PATTERN = /GENTCP-DRIVER READY port=(\d+) otp=(\S+) version=(\S+)/;

export interface ReadyLine {
  port: number;
  otp: string;
  version: string;
}

export function parseReady(text: string): ReadyLine | undefined {
  const m = READY_PATTERN.exec(text);
  return m ? { port: Number(m[1]), otp: m[2]!, version: m[3]! } : undefined;
}
