import { conformance } from '../verify.js';
import { partialPackets } from './index.js';

conformance('partial-packets', partialPackets);
