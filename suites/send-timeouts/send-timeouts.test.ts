import { conformance } from '../verify.js';
import { sendTimeouts } from './index.js';

conformance(sendTimeouts);
