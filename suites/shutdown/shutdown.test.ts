import { conformance } from '../verify.js';
import { shutdown } from './index.js';

conformance(shutdown);
