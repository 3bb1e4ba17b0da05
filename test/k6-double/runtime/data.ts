// k6 test double: k6/data's SharedArray: built once in the init context, a frozen JSON copy.
import { initContextError } from './errors.ts';
import type { VuContext } from './vu-context.ts';

export function createDataModule({ st }: VuContext) {
  class SharedArray {
    constructor(name: string, fn: () => unknown[]) {
      if (!st.inInit) throw initContextError('new SharedArray must be called in the init context');
      if (typeof name !== 'string' || !name) throw new Error('empty name provided to SharedArray\'s constructor');
      if (typeof fn !== 'function') throw new Error('a function is expected as the second argument of SharedArray\'s constructor');
      const arr = fn();
      if (!Array.isArray(arr)) throw new Error('only arrays can be made into SharedArray');
      return Object.freeze(JSON.parse(JSON.stringify(arr)) as unknown[]) as unknown as SharedArray;
    }
  }
  return { SharedArray };
}
