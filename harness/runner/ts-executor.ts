/** The executor for ts:* subjects: steps run on the gentcp library in this process. */
import type { ExecutorFactory } from './executor.js';

/** Builds the ts executor emulating the given OTP release; undefined until the library exists. */
export const tsExecutorFactory: ((otp: string) => ExecutorFactory) | undefined = undefined;
