/** The two kinds of socket behind the public Socket type, and telling a socket from anything else. */
import { ListenSocket } from './listener.js';
import { StreamSocket } from './stream.js';

/** A socket as the library's own code sees it: listening or connected, internals and all. */
export type AnySocket = StreamSocket | ListenSocket;

export const isSocket = (x: unknown): x is AnySocket => x instanceof StreamSocket || x instanceof ListenSocket;
