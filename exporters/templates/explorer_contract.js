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

  // A test for the items of a big column (`{type: "integer"}` ...): one tight loop instead of a
  // call per item, since a big atlas has millions of them. Null when the items need the full check.
  function quickTest(schema) {
    if (!schema || Object.keys(schema).length !== 1 || typeof schema.type !== "string") return null;
    if (schema.type === "integer") return Number.isInteger;
    if (schema.type === "number") return (v) => typeof v === "number";
    if (schema.type === "string") return (v) => typeof v === "string";
    return null;
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
    const quick = quickTest(items);
    for (let k = prefix.length; k < value.length && problems.length < MAX_PROBLEMS; k++) {
      if (quick) {
        if (!quick(value[k])) check(value[k], items, path + "[" + k + "]", problems);
      } else {
        check(value[k], items, path + "[" + k + "]", problems);
      }
    }
  }

  /** What in `data` breaks `schema`, one line each ("config.edgeKinds[0].colour: missing"). */
  function validate(data, schema) {
    const problems = [];
    check(data, schema, "", problems);
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
