import { conformance } from '../verify.js';
import { activeModes } from './index.js';

conformance(activeModes);
