import { conformance } from '../verify.js';
import { econnreset } from './index.js';

conformance(econnreset);
