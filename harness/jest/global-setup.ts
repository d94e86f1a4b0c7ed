/**
 * Jest globalSetup for users' projects (`gentcp-conformance/jest/global-setup`):
 * starts one reference Erlang node for the whole run, where GENTCP_REFERENCES
 * says (provider[:otp],..., e.g. `local` or `container:27`), else `auto`
 * (a container if Docker answers, else the erl on PATH).
 */
import { startPublishedReferences } from '../testing/global-setup.js';

export default function globalSetup(): Promise<void> {
  return startPublishedReferences('auto');
}
