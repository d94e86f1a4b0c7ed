import { conformance } from '../verify.js';
import { backendDifferences } from './index.js';

conformance(backendDifferences);
