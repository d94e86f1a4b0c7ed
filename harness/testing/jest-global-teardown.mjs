// See jest-global-setup.mjs.
import { register } from 'tsx/esm/api';

const unregister = register();
const { default: globalTeardown } = await import('./global-teardown.ts');
unregister();
export default globalTeardown;
