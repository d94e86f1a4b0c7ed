// An adapter that makes a library a gentcp-conformance subject:
//   gentcp run econnreset.active-show --subject module:examples/module-subject/impl.mjs --reference local
//
// The contract: export `gen_tcp` and `inet` with gentcp's calls, arguments and
// result shapes. Optionally export `ErlangError`, `ErlangExit`, `Pid`,
// `withEmulatedOtp` and a `testing` object (`Process`, `ProcessExited`,
// `StreamSocket`, `ListenSocket`); whatever is left out comes from the gentcp
// the harness has installed. This adapter wraps gentcp itself and counts the
// calls it passes on; put your own library's calls behind the same names.
import * as gentcp from 'gentcp';
import * as testing from 'gentcp/testing';

const counts = new Map();

/** Each function of a namespace, passed through and counted. */
function adapt(ns, prefix) {
  const out = {};
  for (const [name, fn] of Object.entries(ns)) {
    if (typeof fn !== 'function') continue;
    out[name] = (...args) => {
      counts.set(`${prefix}.${name}`, (counts.get(`${prefix}.${name}`) ?? 0) + 1);
      return fn(...args);
    };
  }
  return out;
}

export const gen_tcp = adapt(gentcp.gen_tcp, 'gen_tcp');
export const inet = adapt(gentcp.inet, 'inet');

// From the same gentcp the calls above use: its processes own the sockets, and
// its classes are how the harness tells sockets, pids and errors apart.
export const { ErlangError, ErlangExit, Pid, withEmulatedOtp } = gentcp;
export { testing };

/** How many times each call went through the adapter. */
export function callCounts() {
  return Object.fromEntries(counts);
}
