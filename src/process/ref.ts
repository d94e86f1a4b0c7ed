/** A reference (make_ref()): unique in the running program, printed as Erlang prints a local one. */
export class Ref {
  constructor(readonly id: number) {}
  /** #Ref<0.0.0.Id>, in Erlang's form for a local reference. */
  toString(): string {
    return `#Ref<0.0.0.${this.id}>`;
  }
}

let nextRef = 1;

/** erlang:make_ref/0: a new unique reference. */
export function make_ref(): Ref {
  return new Ref(nextRef++);
}

export function isRef(x: unknown): x is Ref {
  return x instanceof Ref;
}
