/** What listen and stream sockets share: an owner process, options and a profile. */
import type { Profile } from '../profile/profiles.js';
import type { SocketOptions } from '../options/types.js';
import { ProcessExited, type Owned, type Process } from '../process/process.js';

let nextId = 1;

export abstract class GenSocket implements Owned {
  readonly id = nextId++;
  closed = false;

  constructor(
    public owner: Process,
    public opts: SocketOptions,
    readonly profile: Profile,
  ) {
    owner.own(this);
  }

  abstract readonly kind: 'listen' | 'stream';

  /** The owner died: the socket closes with it, as a port closes with its connected process. */
  ownerExited(_reason: unknown): void {
    this.closeNow();
  }

  /** Closes at once, with nobody waiting for an answer. */
  abstract closeNow(): void;

  setOwner(p: Process): void {
    this.owner.disown(this);
    this.owner = p;
    p.own(this);
  }

  toString(): string {
    return `#Socket<${this.kind}.${this.id}>`;
  }
}

/** Runs a blocking call on behalf of `caller`; if the caller dies first the call is dropped. */
export function callerBound<T>(caller: Process, start: (settle: (v: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let cancel: () => void = () => undefined;
    const off = caller.onExit((e: ProcessExited) => {
      if (done) return;
      done = true;
      cancel();
      reject(e);
    });
    cancel = start((v) => {
      if (done) return;
      done = true;
      off();
      resolve(v);
    });
  });
}
