import { conformance } from '../verify.js';
import { partialPackets } from './index.js';

conformance(partialPackets);
