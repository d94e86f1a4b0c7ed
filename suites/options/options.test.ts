import { conformance } from '../verify.js';
import { options } from './index.js';

conformance(options);
