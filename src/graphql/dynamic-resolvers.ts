/**
 * type-graphql decorators are plain functions. For fields made from the model tables (one per kind
 * or relation end) this applies them in a loop, exactly as `@Method(...) name(@P0 a, @P1 b) {}`
 * written out would.
 */
/** A parameter decorator as type-graphql types it (its property key may be undefined for constructors). */
type ParameterDecoratorFn = (target: object, propertyKey: string | symbol, index: number) => void;

export function namedClass(name: string): new () => object {
  return { [name]: class {} }[name]!;
}

export function defineResolverMethod(
  target: new () => object,
  name: string,
  implementation: (...args: never[]) => unknown,
  method: MethodDecorator,
  parameters: ParameterDecoratorFn[],
): void {
  Object.defineProperty(target.prototype, name, { value: implementation, writable: true, configurable: true });
  method(target.prototype, name, Object.getOwnPropertyDescriptor(target.prototype, name)!);
  parameters.forEach((decorate, index) => decorate(target.prototype, name, index));
}
