// A subject module that gets inet:setopts wrong: the Jest test of it must fail.
import * as gentcp from 'gentcp';
import * as testing from 'gentcp/testing';

export const gen_tcp = gentcp.gen_tcp;
export const inet = { ...gentcp.inet, setopts: () => ['error', 'einval'] };
export const { ErlangError, ErlangExit, Pid, withEmulatedOtp } = gentcp;
export { testing };
