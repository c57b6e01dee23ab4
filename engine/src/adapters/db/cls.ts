/**
 * A continuation-local storage namespace for Sequelize built on AsyncLocalStorage.
 *
 * With it installed (Sequelize.useCLS), every query issued inside a `sequelize.transaction(cb)`
 * callback uses that transaction automatically. That is what makes the embedded PGlite safe:
 * PGlite serializes queries, so a query sent on another connection while a transaction is open
 * would wait for it forever. It also prevents the same bug on real PostgreSQL (a write that
 * silently escapes its transaction).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Context = Map<string, unknown>;

export class SequelizeNamespace {
  private readonly storage = new AsyncLocalStorage<Context>();

  get(key: string): unknown {
    return this.storage.getStore()?.get(key);
  }

  set(key: string, value: unknown): void {
    const store = this.storage.getStore();
    if (!store) throw new Error('CLS set outside of a run() context');
    store.set(key, value);
  }

  run<T>(fn: (context: Context) => T): T {
    const context: Context = new Map(this.storage.getStore() ?? []);
    return this.storage.run(context, () => fn(context));
  }

  runAndReturn<T>(fn: (context: Context) => T): T {
    return this.run(fn);
  }

  bind<F extends (...args: never[]) => unknown>(fn: F): F {
    const context = this.storage.getStore();
    if (!context) return fn;
    const storage = this.storage;
    return function bound(this: unknown, ...args: Parameters<F>) {
      return storage.run(context, () => fn.apply(this, args));
    } as F;
  }
}
