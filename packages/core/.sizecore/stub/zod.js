const h = new Proxy(function(){}, { get: () => h, apply: () => h });
export const string = h, object = h, optional = h, nullable = h, array = h, number = h, boolean = h, record = h, minLength = h, maxLength = h, regex = h, refine = h, int = h, minimum = h, maximum = h, union = h, literal = h, check = h, core = h;
export { h as enum };
