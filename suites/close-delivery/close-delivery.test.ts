import { conformance } from '../verify.js';
import { closeDelivery } from './index.js';

conformance(closeDelivery);
