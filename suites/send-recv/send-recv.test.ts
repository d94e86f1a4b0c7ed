import { conformance } from '../verify.js';
import { sendRecv } from './index.js';

conformance(sendRecv);
