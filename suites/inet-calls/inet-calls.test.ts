import { conformance } from '../verify.js';
import { inetCalls } from './index.js';

conformance(inetCalls);
