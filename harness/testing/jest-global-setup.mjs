// Jest loads globalSetup outside its own transform; tsx lets it run the TypeScript one.
import { register } from 'tsx/esm/api';

const unregister = register();
const { default: globalSetup } = await import('./global-setup.ts');
unregister();
export default globalSetup;
