import { conformance } from '../verify.js';
import { connectListen } from './index.js';

conformance(connectListen);
