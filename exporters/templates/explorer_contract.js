/* noteatlas explorer: the page's one global namespace, and the check of its data against the
 * contract.
 *
 * exporters/explorer_contract.py documents every key of the data block and embeds the list in the
 * page as a JSON Schema (the #atlas-contract block). Before anything reads the data, `validate`
 * checks it against that schema: a key renamed, missing or added on one side only is refused,
 * with a message on the page and a console error that name it, instead of a view drawn half
 * empty. The checker knows the keywords the contract uses (explorer_contract.SUPPORTED), no more.
 *
 * Every module of the page hangs on `noteatlas.modules`; the main module adds the page's API
 * (select, path, ...) to `noteatlas` itself once the page is drawn.
 */
const noteatlas = { modules: {} };

noteatlas.modules.contract = (function () {
  "use strict";

  const MAX_PROBLEMS = 12;
  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  function typeOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
  }

  function hasType(value, types) {
    const t = typeOf(value);
    return types.some((want) => want === t || (want === "number" && t === "integer"));
  }

  // A test for a list of types, in one function (a call per type and item shows on big data).
  function typeTest(types) {
    const want = new Set(types);
    const number = want.has("number");
    const integer = want.has("integer");
    const string = want.has("string");
    const nil = want.has("null");
    const boolean = want.has("boolean");
    const array = want.has("array");
    const object = want.has("object");
    if (types.length === 1 && integer) return Number.isInteger;
    return (v) => {
      const t = typeof v;
      if (t === "number") return number || (integer && Number.isInteger(v));
      if (t === "string") return string;
      if (t === "boolean") return boolean;
      if (v === null) return nil;
      return Array.isArray(v) ? array : object;
    };
  }
  const compiled = new WeakMap();

  // A schema compiled into a function that says whether a value fits. The page data of a big
  // atlas has millions of items, so it is checked by these first (no path strings, no lists of
  // problems); only data that does not fit is checked again, by `check`, to say where and why.
  function compile(schema) {
    if (schema === true || schema === undefined) return () => true;
    if (schema === false) return () => false;
    if (compiled.has(schema)) return compiled.get(schema);
    const tests = [];
    if (schema.anyOf) {
      const options = schema.anyOf.map(compile);
      const [a, b] = options;
      tests.push(options.length === 2 ? (v) => a(v) || b(v) : (v) => options.some((fits) => fits(v)));
    }
    if (schema.type !== undefined) tests.push(typeTest(Array.isArray(schema.type) ? schema.type : [schema.type]));
    if (schema.properties || schema.required || schema.additionalProperties !== undefined) {
      const props = new Map(Object.entries(schema.properties || {}).map(([k, sub]) => [k, compile(sub)]));
      const extra = compile(schema.additionalProperties);
      const required = schema.required || [];
      tests.push((v) => typeOf(v) !== "object" || (required.every((k) => own(v, k)) &&
        Object.keys(v).every((k) => (props.get(k) || extra)(v[k]))));
    }
    if (schema.prefixItems || schema.items !== undefined || schema.minItems !== undefined) {
      const prefix = (schema.prefixItems || []).map(compile);
      const items = compile(schema.items);
      const least = schema.minItems || 0;
      tests.push((v) => {
        if (!Array.isArray(v)) return true;
        if (v.length < least) return false;
        const n = Math.min(prefix.length, v.length);
        for (let k = 0; k < n; k++) if (!prefix[k](v[k])) return false;
        for (let k = n; k < v.length; k++) if (!items(v[k])) return false;
        return true;
      });
    }
    const fits = tests.length === 1 ? tests[0] : (v) => tests.every((test) => test(v));
    compiled.set(schema, fits);
    return fits;
  }

  const at = (path, key) => (path ? path + "." + key : key);

  function check(value, schema, path, problems) {
    if (problems.length >= MAX_PROBLEMS || schema === true || schema === undefined) return;
    if (schema === false) { problems.push(path + ": not in the contract"); return; }
    if (schema.anyOf && !schema.anyOf.some((s) => { const p = []; check(value, s, path, p); return !p.length; })) {
      problems.push(path + ": " + typeOf(value) + " fits none of the shapes the contract allows");
      return;
    }
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!hasType(value, types)) {
        problems.push(path + ": " + typeOf(value) + " where the contract says " + types.join(" or "));
        return;
      }
    }
    if (typeOf(value) === "object") checkObject(value, schema, path, problems);
    else if (Array.isArray(value)) checkArray(value, schema, path, problems);
  }

  function checkObject(value, schema, path, problems) {
    const props = schema.properties || {};
    for (const key of schema.required || []) {
      if (!own(value, key)) problems.push(at(path, key) + ": missing");
    }
    for (const key of Object.keys(value)) {
      const sub = own(props, key) ? props[key] : schema.additionalProperties;
      if (sub === false) problems.push(at(path, key) + ": not in the contract");
      else check(value[key], sub, at(path, key), problems);
    }
  }

  function checkArray(value, schema, path, problems) {
    const prefix = schema.prefixItems || [];
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      problems.push(path + ": " + value.length + " items where the contract says " + schema.minItems);
      return;
    }
    for (let k = 0; k < prefix.length && k < value.length; k++) {
      check(value[k], prefix[k], path + "[" + k + "]", problems);
    }
    const items = schema.items;
    const fits = compile(items);
    for (let k = prefix.length; k < value.length && problems.length < MAX_PROBLEMS; k++) {
      if (!fits(value[k])) check(value[k], items, path + "[" + k + "]", problems);
    }
  }

  /** What in `data` breaks `schema`, one line each ("config.edgeKinds[0].colour: missing"). */
  function validate(data, schema) {
    if (compile(schema)(data)) return [];
    const problems = [];
    check(data, schema, "", problems);
    if (!problems.length) problems.push(": does not fit the contract");
    if (problems.length >= MAX_PROBLEMS) problems.push("… (the first " + MAX_PROBLEMS + " problems)");
    return problems.map((p) => (p.startsWith(":") ? "the data" + p : p));
  }

  /** The JSON of a <script type="application/json"> block. */
  const block = (id) => JSON.parse(document.getElementById(id).textContent);

  /** The page's data and its schema, as exported. */
  function read() {
    return { data: block("atlas-data"), schema: block("atlas-contract") };
  }

  /** Say on the page and in the console why the data is not drawn. */
  function refuse(problems) {
    const message = "This page's data does not match its script's contract (explorer_contract):\n" +
      problems.join("\n") + "\nExport explorer.html again with one version of noteatlas.";
    console.error(message);
    const box = document.getElementById("loading");
    box.textContent = message;
    box.classList.add("refused");
    box.hidden = false;
  }

  return { validate, read, refuse };
})();
