import { conformance } from '../verify.js';
import { controllingProcess } from './index.js';

conformance(controllingProcess);
