// Checks .github/workflows/*.yml offline: YAML syntax and the structure GitHub Actions
// needs, without a network or an installed YAML library.
//
//   node scripts/lint-workflows.mjs [file.yml ...]      (default: every .github/workflows/*.yml)
//   node scripts/lint-workflows.mjs --self-test         (the parser against known inputs)
//
// YAML: a subset, enough for workflows, parsed here — block mappings and sequences, flow
// [..] and {..}, plain / single / double-quoted scalars, | and > block scalars, comments.
// Anchors, aliases, tags and multi-document files are reported as unsupported; tabs are
// refused anywhere; duplicate keys are errors.
// Structure: `on` with known events, `jobs` with valid ids; each job either calls a reusable
// workflow (`uses`, which must exist when local) or has `runs-on` and a non-empty `steps`
// list; each step has exactly one of `run` / `uses` (owner/repo@ref, ./path or docker://);
// `needs` names existing jobs, without cycles; `strategy.matrix` axes are non-empty lists and
// every `matrix.X` used by the job is defined; permission values are read / write / none;
// `${{ }}` expressions are closed. The commands stay the ones used in this repository:
// every `npm run X` names a package.json script, `node scripts/X` an existing file.
// Exit status 0 when every file passes; ends with "N passed, M failed".
// Node 20 built-ins only.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// ---- YAML subset ------------------------------------------------------------------------

export class YamlError extends Error {
  constructor(message, line) {
    super(line ? `line ${line}: ${message}` : message);
    this.line = line;
  }
}

/** Index of a comment ("#" at the start or after whitespace, outside quotes), or -1. */
function commentStart(text) {
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = null;
      } else if (c === "\\" && quote === '"') i++;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(text[i - 1]))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) return i;
  }
  return -1;
}

function parseDoubleQuoted(s, lineNo) {
  let out = "";
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      if (s.slice(i + 1).trim()) throw new YamlError(`text after a quoted string: ${s}`, lineNo);
      return out;
    }
    if (c === "\\") {
      const e = s[++i];
      const map = {
        n: "\n",
        t: "\t",
        r: "\r",
        "0": "\0",
        '"': '"',
        "\\": "\\",
        "/": "/",
        " ": " ",
        e: "\x1b",
      };
      if (e in map) out += map[e];
      else if (e === "x" || e === "u") {
        const n = e === "x" ? 2 : 4;
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 1 + n), 16));
        i += n;
      } else throw new YamlError(`unknown escape \\${e}`, lineNo);
    } else out += c;
  }
  throw new YamlError(`unterminated double-quoted string: ${s}`, lineNo);
}

function parseSingleQuoted(s, lineNo) {
  let out = "";
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      if (s.slice(i + 1).trim()) throw new YamlError(`text after a quoted string: ${s}`, lineNo);
      return out;
    }
    out += s[i];
  }
  throw new YamlError(`unterminated single-quoted string: ${s}`, lineNo);
}

function parseScalar(text, lineNo) {
  const s = text.trim();
  if (s.startsWith('"')) return parseDoubleQuoted(s, lineNo);
  if (s.startsWith("'")) return parseSingleQuoted(s, lineNo);
  if (/^[&*!]/.test(s)) throw new YamlError(`anchors, aliases and tags are not supported: ${s}`, lineNo);
  if (/^[@`]/.test(s)) throw new YamlError(`a plain scalar cannot start with ${s[0]}: ${s}`, lineNo);
  if (s.startsWith("%")) throw new YamlError(`directives are not supported: ${s}`, lineNo);
  if (s === "" || s === "~" || s === "null") return null;
  if (s === "true") return true;
  if (s === "false") return false;
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/:\s/.test(s) || s.endsWith(":")) {
    throw new YamlError(`": " inside a plain scalar (quote it): ${s}`, lineNo);
  }
  return s;
}

/** Flow collections: [a, b] and {k: v}, nested, on one logical line. */
function parseFlow(text, lineNo) {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const scalarUntil = (stops) => {
    const start = i;
    let quote = null;
    while (i < text.length) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = null;
        else if (c === "\\" && quote === '"') i++;
      } else if (c === '"' || c === "'") quote = c;
      else if (text.startsWith("${{", i)) {
        const end = text.indexOf("}}", i);
        if (end < 0) throw new YamlError("unclosed ${{ expression", lineNo);
        i = end + 1;
      } else if (stops.includes(c)) break;
      i++;
    }
    return text.slice(start, i);
  };
  const value = () => {
    ws();
    if (text[i] === "[") {
      i++;
      const arr = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          ws();
          if (text[i] === "]") {
            i++;
            return arr;
          }
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        throw new YamlError(`expected , or ] in ${text}`, lineNo);
      }
    }
    if (text[i] === "{") {
      i++;
      const obj = {};
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const key = parseScalar(scalarUntil([":", ",", "}"]), lineNo);
        if (text[i] !== ":") throw new YamlError(`expected : after ${key} in ${text}`, lineNo);
        i++;
        if (Object.hasOwn(obj, String(key))) throw new YamlError(`duplicate key ${key}`, lineNo);
        obj[String(key)] = value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        throw new YamlError(`expected , or } in ${text}`, lineNo);
      }
    }
    return parseScalar(scalarUntil([",", "]", "}"]), lineNo);
  };
  const v = value();
  ws();
  if (i !== text.length) {
    throw new YamlError(`unexpected text after a flow collection: ${text.slice(i)}`, lineNo);
  }
  return v;
}

const KEY =
  /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\-[\]{},&*!|>%@`][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+|$)(.*)$/;

/** Parses the YAML subset described above; returns plain objects, arrays and scalars. */
export function parseYaml(source) {
  if (source.includes("\t")) {
    const n = source.slice(0, source.indexOf("\t")).split("\n").length;
    throw new YamlError("tab character (YAML indentation and these files use spaces only)", n);
  }
  const raw = source.replace(/\r\n?/g, "\n").split("\n");
  // Logical lines: indentation, text without comment, 1-based number. Blank and comment-only
  // lines are kept (as null text) for block scalars.
  const lines = raw.map((l, n) => {
    const c = commentStart(l);
    const text = (c >= 0 ? l.slice(0, c) : l).replace(/\s+$/, "");
    return {
      indent: l.length - l.trimStart().length,
      text: text.trim() ? text.trimStart() : null,
      raw: l,
      no: n + 1,
    };
  });
  let pos = 0;
  const skip = () => {
    while (pos < lines.length && lines[pos].text === null) pos++;
  };
  for (const l of lines) {
    if (l.text === "---" || l.text === "...") {
      if (l.no !== 1 && l.text === "---") throw new YamlError("multiple documents are not supported", l.no);
      l.text = null;
    }
  }

  const blockScalar = (header, parentIndent, lineNo) => {
    const m = header.match(/^([|>])([+-]?)(\d?)([+-]?)$/);
    if (!m) throw new YamlError(`bad block scalar header ${header}`, lineNo);
    const folded = m[1] === ">";
    const chomp = m[2] || m[4];
    const body = [];
    let indent = m[3] ? parentIndent + Number(m[3]) : -1;
    while (pos < lines.length) {
      const l = lines[pos];
      const blank = l.raw.trim() === "";
      if (!blank) {
        if (indent < 0) indent = l.indent;
        if (l.indent < indent || l.indent <= parentIndent) break;
      }
      body.push(blank ? "" : l.raw.slice(indent));
      pos++;
    }
    if (indent >= 0 && indent <= parentIndent) throw new YamlError("block scalar is not indented", lineNo);
    while (body.length && body[body.length - 1] === "" && chomp !== "+") body.pop();
    let text;
    if (folded) {
      // lines join with a space; a blank line is a newline; more-indented lines stay as they are
      text = "";
      let prev = "start";
      for (const line of body) {
        if (line === "") {
          text += "\n";
          prev = "blank";
        } else if (/^\s/.test(line)) {
          text += (prev === "content" || prev === "more" ? "\n" : "") + line;
          prev = "more";
        } else {
          text += (prev === "content" ? " " : prev === "more" ? "\n" : "") + line;
          prev = "content";
        }
      }
    } else text = body.join("\n");
    return chomp === "-" ? text : text + (body.length ? "\n" : "");
  };

  /** A value given after "key:" or "- " on the same line. */
  const inlineValue = (rest, parentIndent, lineNo) => {
    if (/^[|>]/.test(rest)) return blockScalar(rest, parentIndent, lineNo);
    if (rest.startsWith("[") || rest.startsWith("{")) {
      // a flow collection may continue on the following, more indented lines
      let text = rest;
      const balanced = (t) => {
        let d = 0;
        let q = null;
        for (let i = 0; i < t.length; i++) {
          const c = t[i];
          if (q) {
            if (c === q) q = null;
          } else if (c === '"' || c === "'") q = c;
          else if (t.startsWith("${{", i)) i = t.indexOf("}}", i) < 0 ? t.length : t.indexOf("}}", i) + 1;
          else if (c === "[" || c === "{") d++;
          else if (c === "]" || c === "}") d--;
        }
        return d <= 0;
      };
      while (!balanced(text)) {
        skip();
        if (pos >= lines.length || lines[pos].indent <= parentIndent) {
          throw new YamlError(`unclosed flow collection: ${rest}`, lineNo);
        }
        text += " " + lines[pos++].text;
      }
      return parseFlow(text, lineNo);
    }
    return parseScalar(rest, lineNo);
  };

  const node = (minIndent) => {
    skip();
    if (pos >= lines.length || lines[pos].indent < minIndent) return null;
    const l = lines[pos];
    if (l.text === "-" || l.text.startsWith("- ")) return sequence(l.indent);
    if (KEY.test(l.text)) return mapping(l.indent);
    pos++;
    return inlineValue(l.text, l.indent - 1, l.no);
  };

  const mapping = (indent) => {
    const obj = {};
    for (;;) {
      skip();
      if (pos >= lines.length) break;
      const l = lines[pos];
      if (l.indent < indent) break;
      if (l.indent > indent) {
        throw new YamlError(`unexpected indentation (${l.indent}, expected ${indent})`, l.no);
      }
      if (l.text === "-" || l.text.startsWith("- ")) {
        throw new YamlError("a sequence item where a mapping key was expected", l.no);
      }
      const m = l.text.match(KEY);
      if (!m) throw new YamlError(`expected "key: value", got: ${l.text}`, l.no);
      const key = String(parseScalar(m[1], l.no));
      if (key.startsWith("<<")) throw new YamlError("merge keys are not supported", l.no);
      if (Object.hasOwn(obj, key)) throw new YamlError(`duplicate key "${key}"`, l.no);
      const rest = m[2].trim();
      pos++;
      if (rest) obj[key] = inlineValue(rest, indent, l.no);
      else {
        skip();
        const next = lines[pos];
        if (next && next.indent === indent && (next.text === "-" || next.text.startsWith("- "))) {
          obj[key] = sequence(indent); // "key:\n- item" (sequence at the key's indentation)
        } else obj[key] = node(indent + 1);
      }
    }
    return obj;
  };

  const sequence = (indent) => {
    const arr = [];
    for (;;) {
      skip();
      if (pos >= lines.length) break;
      const l = lines[pos];
      if (l.indent < indent) break;
      if (l.indent > indent) {
        throw new YamlError(`unexpected indentation (${l.indent}, expected ${indent})`, l.no);
      }
      if (!(l.text === "-" || l.text.startsWith("- "))) break;
      const content = l.text.slice(1).replace(/^\s+/, "");
      if (!content) {
        pos++;
        arr.push(node(indent + 1));
        continue;
      }
      const offset = l.text.length - content.length;
      if (KEY.test(content) || content.startsWith("- ")) {
        // "- key: v" starts a mapping (or "- - x" a sequence) indented at the content
        lines[pos] = { ...l, indent: indent + offset, text: content };
        arr.push(content.startsWith("- ") ? sequence(indent + offset) : mapping(indent + offset));
      } else {
        pos++;
        arr.push(inlineValue(content, indent, l.no));
      }
    }
    return arr;
  };

  skip();
  const doc = node(0);
  skip();
  if (pos < lines.length) throw new YamlError(`unexpected text: ${lines[pos].text}`, lines[pos].no);
  return doc;
}

// ---- workflow structure -----------------------------------------------------------------

const EVENTS = new Set([
  "branch_protection_rule",
  "check_run",
  "check_suite",
  "create",
  "delete",
  "deployment",
  "deployment_status",
  "discussion",
  "discussion_comment",
  "fork",
  "gollum",
  "issue_comment",
  "issues",
  "label",
  "merge_group",
  "milestone",
  "page_build",
  "public",
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "pull_request_target",
  "push",
  "registry_package",
  "release",
  "repository_dispatch",
  "schedule",
  "status",
  "watch",
  "workflow_call",
  "workflow_dispatch",
  "workflow_run",
]);
const JOB_KEYS = new Set([
  "name",
  "needs",
  "permissions",
  "runs-on",
  "environment",
  "concurrency",
  "outputs",
  "env",
  "defaults",
  "if",
  "steps",
  "timeout-minutes",
  "strategy",
  "continue-on-error",
  "container",
  "services",
  "uses",
  "with",
  "secrets",
]);
const STEP_KEYS = new Set([
  "id",
  "if",
  "name",
  "uses",
  "run",
  "working-directory",
  "shell",
  "with",
  "env",
  "continue-on-error",
  "timeout-minutes",
]);
const PERMISSION_SCOPES = new Set([
  "actions",
  "attestations",
  "checks",
  "contents",
  "deployments",
  "discussions",
  "id-token",
  "issues",
  "models",
  "packages",
  "pages",
  "pull-requests",
  "repository-projects",
  "security-events",
  "statuses",
]);

const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function checkPermissions(p, where, problems) {
  if (p === "read-all" || p === "write-all") return;
  if (!isMap(p)) {
    problems.push(`${where}: permissions must be read-all, write-all or a mapping`);
    return;
  }
  for (const [scope, v] of Object.entries(p)) {
    if (!PERMISSION_SCOPES.has(scope)) problems.push(`${where}: unknown permission scope ${scope}`);
    if (!["read", "write", "none"].includes(v)) {
      problems.push(`${where}: permission ${scope}: ${v} (read, write or none)`);
    }
  }
}

/** Every string inside a value, with its path. */
function* strings(v, path = "") {
  if (typeof v === "string") yield [path, v];
  else if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) yield* strings(v[i], `${path}[${i}]`); }
  else if (isMap(v)) { for (const [k, x] of Object.entries(v)) yield* strings(x, path ? `${path}.${k}` : k); }
}

function checkCommands(run, where, problems, scripts) {
  for (const m of run.matchAll(/\bnpm run(?:-script)? ([\w:.-]+)/g)) {
    if (!(m[1] in scripts)) problems.push(`${where}: npm run ${m[1]}: package.json has no such script`);
  }
  if (/\bnpm (?:test|t)\b/.test(run) && !("test" in scripts)) {
    problems.push(`${where}: npm test: no test script`);
  }
  for (const m of run.matchAll(/\b(?:node|bun|deno run(?: -A)?)\s+((?:\.\/)?scripts\/[\w./-]+)/g)) {
    if (!existsSync(join(root, m[1]))) problems.push(`${where}: ${m[1]} does not exist`);
  }
}

/** The structural problems of one parsed workflow. */
export function checkWorkflow(doc, scripts = {}) {
  const problems = [];
  if (!isMap(doc)) return ["the file is not a mapping"];
  for (const k of Object.keys(doc)) {
    if (!["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"].includes(k)) {
      problems.push(`unknown top-level key ${k}`);
    }
  }
  // `on` (YAML 1.1 readers turn a bare on into true; GitHub's does not, nor does ours)
  const on = doc.on;
  if (on === undefined) problems.push("no `on`");
  else {
    const events = typeof on === "string"
      ? [on]
      : Array.isArray(on)
      ? on
      : isMap(on)
      ? Object.keys(on)
      : null;
    if (!events || !events.length) problems.push("`on` must name at least one event");
    else for (const e of events) if (!EVENTS.has(e)) problems.push(`unknown event ${e}`);
    if (isMap(on)?.schedule || (isMap(on) && on.schedule !== undefined)) {
      if (!Array.isArray(on.schedule) || !on.schedule.every((s) => isMap(s) && typeof s.cron === "string")) {
        problems.push("on.schedule must be a list of { cron: ... }");
      }
    }
  }
  if (doc.permissions !== undefined) checkPermissions(doc.permissions, "permissions", problems);
  if (!isMap(doc.jobs) || !Object.keys(doc.jobs).length) {
    problems.push("`jobs` must be a mapping with at least one job");
    return problems;
  }
  const ids = Object.keys(doc.jobs);
  for (const [id, job] of Object.entries(doc.jobs)) {
    const at = `jobs.${id}`;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) problems.push(`${at}: invalid job id`);
    if (!isMap(job)) {
      problems.push(`${at}: must be a mapping`);
      continue;
    }
    for (const k of Object.keys(job)) if (!JOB_KEYS.has(k)) problems.push(`${at}: unknown key ${k}`);
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    for (const n of needs) if (!ids.includes(n)) problems.push(`${at}: needs unknown job ${n}`);
    if (job.permissions !== undefined) checkPermissions(job.permissions, `${at}.permissions`, problems);
    if (job.uses !== undefined) {
      // a call of a reusable workflow: no runs-on, no steps
      if (job.steps || job["runs-on"]) problems.push(`${at}: a job with uses has no runs-on or steps`);
      if (typeof job.uses !== "string") problems.push(`${at}: uses must be a string`);
      else if (job.uses.startsWith("./")) {
        const target = join(root, job.uses);
        if (!existsSync(target)) problems.push(`${at}: ${job.uses} does not exist`);
        else {
          try {
            const called = parseYaml(readFileSync(target, "utf8"));
            if (!isMap(called?.on) || !("workflow_call" in called.on) && !(called.on === "workflow_call")) {
              problems.push(`${at}: ${job.uses} has no workflow_call trigger`);
            }
          } catch (e) {
            problems.push(`${at}: ${job.uses}: ${e.message}`);
          }
        }
      } else if (!/^[\w.-]+\/[\w.-]+\/[\w./-]+@[\w.-]+$/.test(job.uses)) {
        problems.push(`${at}: uses ${job.uses} is not owner/repo/path@ref`);
      }
      continue;
    }
    if (job["runs-on"] === undefined) problems.push(`${at}: no runs-on`);
    if (!Array.isArray(job.steps) || !job.steps.length) {
      problems.push(`${at}: steps must be a non-empty list`);
    }
    // matrix
    const matrixKeys = new Set();
    const strategy = job.strategy;
    if (strategy !== undefined) {
      if (!isMap(strategy)) problems.push(`${at}.strategy must be a mapping`);
      else if (strategy.matrix !== undefined) {
        const m = strategy.matrix;
        if (typeof m === "string" && /^\$\{\{.*\}\}$/.test(m.trim())) {
          matrixKeys.add("*");
        } else if (!isMap(m)) problems.push(`${at}.strategy.matrix must be a mapping`);
        else {
          for (const [axis, values] of Object.entries(m)) {
            if (axis === "include" || axis === "exclude") {
              if (!Array.isArray(values) || !values.every(isMap)) {
                problems.push(`${at}.strategy.matrix.${axis} must be a list of mappings`);
              } else {for (const v of values) {
                  for (const k of Object.keys(v)) if (axis === "include") matrixKeys.add(k);
                }}
              continue;
            }
            matrixKeys.add(axis);
            if (!Array.isArray(values) || !values.length) {
              problems.push(`${at}.strategy.matrix.${axis} must be a non-empty list`);
            }
          }
          for (const ex of Array.isArray(m.exclude) ? m.exclude : []) {
            for (const k of Object.keys(ex)) {
              if (!(k in m)) problems.push(`${at}.strategy.matrix.exclude names unknown axis ${k}`);
            }
          }
        }
      }
    }
    for (const [path, s] of strings(job, at)) {
      for (const m of s.matchAll(/\bmatrix\.([A-Za-z_][\w-]*)/g)) {
        if (!matrixKeys.has("*") && !matrixKeys.has(m[1]) && s.includes("${{")) {
          problems.push(`${path}: matrix.${m[1]} is not defined by strategy.matrix`);
        }
      }
    }
    for (const [i, step] of (Array.isArray(job.steps) ? job.steps : []).entries()) {
      const sat = `${at}.steps[${i}]${isMap(step) && step.name ? ` (${step.name})` : ""}`;
      if (!isMap(step)) {
        problems.push(`${sat}: must be a mapping`);
        continue;
      }
      for (const k of Object.keys(step)) if (!STEP_KEYS.has(k)) problems.push(`${sat}: unknown key ${k}`);
      const hasRun = step.run !== undefined;
      const hasUses = step.uses !== undefined;
      if (hasRun === hasUses) problems.push(`${sat}: needs exactly one of run / uses`);
      if (hasRun) {
        if (typeof step.run !== "string" || !step.run.trim()) {
          problems.push(`${sat}: run must be a non-empty string`);
        } else checkCommands(step.run, sat, problems, scripts);
      }
      if (hasUses) {
        if (typeof step.uses !== "string") problems.push(`${sat}: uses must be a string`);
        else if (!/^(\.\/\S+|docker:\/\/\S+|[\w.-]+\/[\w./-]+@[\w.-]+)$/.test(step.uses)) {
          problems.push(`${sat}: uses ${step.uses} is not owner/repo@ref, ./path or docker://image`);
        } else if (step.uses.startsWith("./") && !existsSync(join(root, step.uses))) {
          problems.push(`${sat}: ${step.uses} does not exist`);
        }
      }
      if (step.with !== undefined && !isMap(step.with)) problems.push(`${sat}: with must be a mapping`);
      if (step.env !== undefined && !isMap(step.env)) problems.push(`${sat}: env must be a mapping`);
    }
  }
  // needs: no cycles
  const state = {};
  const visit = (id, chain) => {
    if (state[id] === 2) return;
    if (state[id] === 1) {
      problems.push(`jobs: needs cycle ${[...chain, id].join(" → ")}`);
      return;
    }
    state[id] = 1;
    const job = doc.jobs[id];
    const needs = !isMap(job) || job.needs === undefined
      ? []
      : Array.isArray(job.needs)
      ? job.needs
      : [job.needs];
    for (const n of needs) if (ids.includes(n)) visit(n, [...chain, id]);
    state[id] = 2;
  };
  for (const id of ids) visit(id, []);
  // ${{ }} balance, everywhere
  for (const [path, s] of strings(doc)) {
    const open = s.split("${{").length - 1;
    const close = (s.match(/\}\}/g) ?? []).length;
    if (open > close) problems.push(`${path}: unclosed \${{ expression`);
  }
  return problems;
}

// ---- self test --------------------------------------------------------------------------

function selfTest() {
  const eq = (a, b, what) => {
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    if (ja !== jb) throw new Error(`${what}: got ${ja}, expected ${jb}`);
  };
  const throws = (src, re, what) => {
    try {
      parseYaml(src);
    } catch (e) {
      if (!re.test(e.message)) throw new Error(`${what}: wrong error ${e.message}`);
      return;
    }
    throw new Error(`${what}: no error`);
  };
  eq(
    parseYaml("a: 1\nb: x y\nc: 'it''s'\nd: \"q\\n\"\n"),
    { a: 1, b: "x y", c: "it's", d: "q\n" },
    "scalars",
  );
  eq(
    parseYaml("on:\n  push:\n    branches: [main, 'v*']\n"),
    { on: { push: { branches: ["main", "v*"] } } },
    "flow seq",
  );
  eq(parseYaml("p: {}\nq: { a: 1, b: [x, y] }\n"), { p: {}, q: { a: 1, b: ["x", "y"] } }, "flow map");
  eq(
    parseYaml("s:\n  - a\n  - b: 1\n    c: 2\n  -\n    d: 3\n"),
    { s: ["a", { b: 1, c: 2 }, { d: 3 }] },
    "sequences",
  );
  eq(parseYaml("s:\n- a\n- b\nt: 1\n"), { s: ["a", "b"], t: 1 }, "sequence at key indent");
  eq(parseYaml("r: |\n  one\n    two\n\n  three\nx: 1\n"), { r: "one\n  two\n\nthree\n", x: 1 }, "literal");
  eq(parseYaml("r: >-\n  one\n  two\n\n  three\n"), { r: "one two\nthree" }, "folded");
  eq(parseYaml("a: b # comment\n# full line\nc: 'x # y'\n"), { a: "b", c: "x # y" }, "comments");
  eq(
    parseYaml("n: ${{ matrix.os }}\nm: [${{ a }}, b]\n"),
    { n: "${{ matrix.os }}", m: ["${{ a }}", "b"] },
    "expressions",
  );
  eq(parseYaml("k: a:b\nu: http://x/y\n"), { k: "a:b", u: "http://x/y" }, "colons in plain scalars");
  eq(parseYaml("l:\n  - - a\n    - b\n"), { l: [["a", "b"]] }, "nested sequences");
  eq(parseYaml("f: [a,\n    b]\n"), { f: ["a", "b"] }, "multi-line flow");
  throws("a: 1\na: 2\n", /duplicate key/, "duplicate key");
  throws("a:\n\tb: 1\n", /tab/, "tab");
  throws("a: &x 1\n", /anchors/, "anchor");
  throws("a: [1, 2\n", /unclosed/, "unclosed flow");
  throws("a:\n  b: 1\n   c: 2\n", /indentation/, "bad indentation");
  throws("a: b: c\n", /": "/, "colon in plain scalar");
  throws("a: 'x\n", /unterminated/, "unterminated quote");
  const wf = (s) => checkWorkflow(parseYaml(s), { test: "x" });
  eq(
    wf("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: npm test\n"),
    [],
    "minimal workflow",
  );
  const bad = wf(
    "on: pushh\njobs:\n  a:\n    needs: b\n    strategy:\n      matrix:\n        os: []\n    runs-on: ${{ matrix.oss }}\n" +
      "    steps:\n      - run: npm run nope\n        uses: x/y@v1\n      - name: s\n",
  );
  for (
    const re of [
      /unknown event pushh/,
      /needs unknown job b/,
      /non-empty list/,
      /matrix\.oss/,
      /exactly one/,
      /npm run nope/,
    ]
  ) {
    if (!bad.some((p) => re.test(p))) throw new Error(`workflow check missed ${re}: ${bad.join("; ")}`);
  }
  console.log("lint-workflows self-test: ok");
}

// ---- main -------------------------------------------------------------------------------

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--self-test")) {
    try {
      selfTest();
      console.log("1 passed, 0 failed");
    } catch (e) {
      console.error(e.message);
      console.log("0 passed, 1 failed");
      process.exitCode = 1;
    }
    return;
  }
  const dir = join(root, ".github", "workflows");
  const files = args.length
    ? args
    : existsSync(dir)
    ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f))
    : [];
  if (!files.length) {
    console.error(`no workflow files (looked in ${dir})`);
    console.log("0 passed, 1 failed");
    process.exitCode = 1;
    return;
  }
  let scripts = {};
  try {
    scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {};
  } catch (e) {
    console.error(`cannot read package.json scripts: ${e.message}`);
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(root, file) || basename(file);
    let problems;
    try {
      problems = checkWorkflow(parseYaml(readFileSync(file, "utf8")), scripts);
    } catch (e) {
      problems = [e instanceof YamlError ? `YAML: ${e.message}` : `cannot check: ${e.message}`];
    }
    if (problems.length) {
      failed++;
      console.log(`FAIL ${name}`);
      for (const p of problems) console.log(`    ${p}`);
    } else {
      passed++;
      console.log(`ok   ${name}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
