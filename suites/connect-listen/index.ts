/** The connect-listen family: one file per spec section, each exporting its scenarios. */
import type { Scenario } from '../../harness/scenario/schema.js';
import accept from './accept.js';
import badArgs from './bad-args.js';
import closedListen from './closed-listen.js';
import connect from './connect.js';
import ipv6 from './ipv6.js';
import listen from './listen.js';
import local from './local.js';
import kernelDefaults from './kernel-defaults.js';
import sockaddr from './sockaddr.js';

export const connectListen: Scenario[] = [...connect, ...listen, ...accept, ...local, ...badArgs, ...closedListen, ...ipv6, ...sockaddr, ...kernelDefaults];
