import { conformance } from '../verify.js';
import { backlog } from './index.js';

conformance(backlog);
