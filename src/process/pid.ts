/** A process identifier. Printed the way Erlang prints a local pid. */
export class Pid {
  constructor(readonly id: number) {}
  /** <0.Id.0>, as Erlang prints a local pid. */
  toString(): string {
    return `<0.${this.id}.0>`;
  }
}

export function isPid(x: unknown): x is Pid {
  return x instanceof Pid;
}
