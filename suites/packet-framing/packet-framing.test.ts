import { conformance } from '../verify.js';
import { packetFraming } from './index.js';

conformance(packetFraming);
