// ci/workflow-check.mjs [-v] [--list FILE] [--pending FILE]... [WORKFLOW.yml...]: the workflows may
// only ask for what this project has, and follow the security rules.
//
// Default: the workflows named in ci/workflows.list (every file in
// .github/workflows must be named there, and every named file must exist).
// For each job, its matrix is expanded (include/exclude); for each
// combination and each `run:` step, every `make` command is checked exactly
// as the job would run it:
//   - `make -n [-C DIR] TARGET... VAR=VALUE...` succeeds here (the targets
//     exist and their prerequisites resolve), with the job's env;
//   - ARCH is one of `ci/lib.sh all_targets`, VARIANT one of
//     ci/configs/variant-*.config and available on that ARCH (T_VARIANTS),
//     TREE base or series (ci/tree.sh);
// and a script the step runs from ci/ exists. A job whose ARCH comes from
// its matrix must list every target (an arch left out on purpose is listed
// and then excluded); a workflow_dispatch input named arch offers `all` and
// exactly the targets.
// Policy: top-level permissions (read or none only; write only per job), no
// pull_request_target, a concurrency group that cancels, timeout-minutes on
// every job, every action pinned by a 40-hex commit with a `# vX.Y.Z`
// comment (the same pin for every use of an action), no secrets beyond
// GITHUB_TOKEN.
// --pending FILE: a workflow waiting for its make targets
// (ci/workflows-pending/): the policy rules only.
// Prints FILE:LINE: job JOB [matrix]: step "NAME": `command`: problem (once
// per step and problem, other matrix combinations counted), and a last line
// with the counts; -v lists every distinct make command found good. Exit 1
// on any problem, 2 on a usage error.
import { readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = process.env.VMS_NODE_MODULES ||
  path.join(process.env.VMS_OUT || path.join(top, "out"), "node", "node_modules");
let YAML;
try {
  YAML = await import(pathToFileURL(path.join(modules, "yaml", "dist", "index.js")).href);
} catch (e) {
  console.error(`workflow-check: cannot load the yaml package from ${modules} (run ci/node-install.sh): ${e.message}`);
  process.exit(2);
}

// ---- what the project has -------------------------------------------------
function sh(script, args = []) {
  const r = spawnSync("bash", ["-c", script, "bash", ...args], { cwd: top, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bash -c '${script}' failed: ${r.stderr.trim()}`);
  return r.stdout;
}
const TARGETS = sh('. ci/lib.sh; all_targets').split("\n").filter(Boolean);
const VARIANTS = readdirSync(path.join(top, "ci/configs"))
  .map((f) => /^variant-(.+)\.config$/.exec(f)).filter(Boolean).map((m) => m[1]).sort();
const TREES = ["base", "series"]; // ci/tree.sh base|series
const T_VARIANTS = {};
for (const t of TARGETS) {
  T_VARIANTS[t] = sh('. ci/lib.sh; load_target "$1"; echo "$T_VARIANTS"', [t]).trim().split(/\s+/);
}
const DEFAULTS = { ARCH: "x86_64", VARIANT: "kasan-vmalloc", TREE: "series" }; // Makefile ?=
const CHECKED_VARS = {
  ARCH: { values: TARGETS, where: "ci/lib.sh all_targets (arch-*/*.target)" },
  VARIANT: { values: VARIANTS, where: "ci/configs/variant-*.config" },
  TREE: { values: TREES, where: "ci/tree.sh" },
};

// ---- arguments --------------------------------------------------------------
const argv = process.argv.slice(2);
let listFile = path.join(top, "ci/workflows.list"), verbose = false;
const pending = new Set();
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--verbose" || argv[i] === "-v") verbose = true;
  else if (argv[i] === "--pending") pending.add(path.resolve(argv[++i] ?? ""));
  else if (argv[i] === "--list") listFile = path.resolve(argv[++i] ?? "");
  else if (argv[i].startsWith("-")) {
    console.error("usage: node ci/workflow-check.mjs [--verbose] [--list FILE] [--pending FILE]... [WORKFLOW.yml...]");
    process.exit(2);
  } else files.push(path.resolve(argv[i]));
}

const problems = [];
const problem = (where, msg) => problems.push({ text: `${where}: ${msg}` });
// A problem of one command: the same problem of the same step in several
// matrix combinations is reported once, with the others counted.
const grouped = new Map();
function cmdProblem(ctx, cmd, msg) {
  const key = `${ctx.loc}\0${ctx.step}\0${msg}`;
  const g = grouped.get(key);
  if (g) { g.more++; return; }
  const p = { loc: ctx.loc, combo: ctx.combo, step: ctx.step, cmd, msg, more: 0 };
  Object.defineProperty(p, "text", { get: () =>
    `${p.loc}${p.combo}: step "${p.step}": ${p.cmd ? `\`${p.cmd}\`: ` : ""}${p.msg}` +
    (p.more ? ` (and in ${p.more} more matrix combination(s))` : "") });
  grouped.set(key, p);
  problems.push(p);
}
const rel = (f) => { const r = path.relative(process.cwd(), f); return !r || r.startsWith("..") ? f : r; };

if (files.length === 0) {
  if (!existsSync(listFile)) {
    console.error(`workflow-check: no workflow list ${rel(listFile)}`);
    process.exit(2);
  }
  const listed = readFileSync(listFile, "utf8").split("\n")
    .map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
  for (const l of listed) {
    const f = path.join(top, l);
    if (!existsSync(f)) problem(rel(listFile), `lists ${l}, which does not exist`);
    else files.push(f);
  }
  const wfdir = path.join(top, ".github/workflows");
  if (existsSync(wfdir)) {
    for (const f of readdirSync(wfdir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      if (!listed.includes(`.github/workflows/${f}`))
        problem(`.github/workflows/${f}`, `not in ${rel(listFile)}: every workflow is checked (add it there)`);
    }
  }
}

// ---- expressions and shell words ---------------------------------------------
const EXPR = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;
const UNRESOLVED = "\u0000";

// substitute ${{ ... }}: matrix.X, inputs.X (one chosen value), env.X;
// anything else becomes UNRESOLVED<expr>UNRESOLVED.
function subst(text, ctx) {
  return String(text).replace(EXPR, (all, e) => {
    let m;
    if ((m = /^matrix\.([\w-]+)$/.exec(e))) {
      if (m[1] in ctx.matrix) return String(ctx.matrix[m[1]]);
      ctx.errors.push(`matrix.${m[1]} is not in the matrix`);
      return UNRESOLVED + all + UNRESOLVED;
    }
    if ((m = /^(?:inputs|github\.event\.inputs)\.([\w-]+)$/.exec(e)) && m[1] in ctx.inputs) return String(ctx.inputs[m[1]]);
    if ((m = /^env\.([\w-]+)$/.exec(e)) && m[1] in ctx.env) return String(ctx.env[m[1]]);
    return UNRESOLVED + all + UNRESOLVED;
  });
}

// Shell: split a script into simple commands (words), expanding $VAR and
// ${VAR} from env; words that used an unknown variable keep a marker.
function shellCommands(script, env) {
  const cmds = [];
  let words = [], word = null, i = 0;
  const s = script.replace(/\\\n/g, "");
  const endWord = () => { if (word !== null) words.push(word); word = null; };
  const endCmd = () => { endWord(); if (words.length) cmds.push(words); words = []; };
  const add = (c) => { word = (word ?? "") + c; };
  const expand = (j) => { // at s[j] === '$'
    let m = /^\$\{([A-Za-z_]\w*)\}/.exec(s.slice(j)) || /^\$([A-Za-z_]\w*)/.exec(s.slice(j));
    if (!m) { add("$"); return j + 1; }
    add(m[1] in env ? String(env[m[1]]) : `${UNRESOLVED}$${m[1]}${UNRESOLVED}`);
    return j + m[0].length;
  };
  while (i < s.length) {
    const c = s[i];
    if (c === "'") {
      const e = s.indexOf("'", i + 1);
      add(s.slice(i + 1, e < 0 ? s.length : e));
      i = e < 0 ? s.length : e + 1;
    } else if (c === '"') {
      add("");
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length) { add(s[i + 1]); i += 2; }
        else if (s[i] === "$") i = expand(i);
        else add(s[i++]);
      }
      i++;
    } else if (c === "\\") {
      add(s[i + 1] ?? ""); i += 2;
    } else if (c === "$" && s[i + 1] === "(") {
      add(`${UNRESOLVED}$(${UNRESOLVED}`); i += 2; endCmd(); // a command substitution starts a command
    } else if (c === "<" || c === ">") {
      // a redirection: its fd number and its target are no words
      if (word !== null && /^\d+$/.test(word)) word = null; else endWord();
      while (i < s.length && "<>&".includes(s[i])) i++;
      while (s[i] === " " || s[i] === "\t") i++;
      while (i < s.length && !" \t\n;|&()".includes(s[i])) {
        const q = s[i];
        if (q === "'" || q === '"') { const e = s.indexOf(q, i + 1); i = e < 0 ? s.length : e + 1; } else i++;
      }
    } else if (c === "$") {
      i = expand(i);
    } else if (c === "#" && word === null) {
      while (i < s.length && s[i] !== "\n") i++;
    } else if ("\n;&|(){}".includes(c)) {
      endCmd(); i++;
    } else if (c === " " || c === "\t") {
      endWord(); i++;
    } else {
      add(c); i++;
    }
  }
  endCmd();
  // drop shell keywords in front of a command (if make ...; then make ...)
  const KEYWORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "time", "exec", "command"]);
  return cmds.map((w) => { while (w.length && KEYWORDS.has(w[0])) w = w.slice(1); return w; })
    .filter((w) => w.length);
}

// ---- make ---------------------------------------------------------------------
const makeCache = new Map();
function makeDryRun(dir, args, env) {
  const key = JSON.stringify([dir, args, env]);
  if (makeCache.has(key)) return makeCache.get(key);
  const penv = { ...process.env };
  for (const v of ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "ARCH", "VARIANT", "TREE", "PLAN"]) delete penv[v];
  Object.assign(penv, env);
  const r = spawnSync("make", ["-n", "-C", dir, ...args], { cwd: top, env: penv, encoding: "utf8", maxBuffer: 64 << 20 });
  const out = (r.stderr || "").split("\n").filter((l) => /\*\*\*|error/i.test(l));
  const res = { ok: r.status === 0, why: out.slice(0, 3).join("; ") || `exit ${r.status}` };
  makeCache.set(key, res);
  return res;
}
// options of make that take an argument
const MAKE_ARG_OPTS = new Set(["-f", "-I", "-o", "-W", "--file", "--include-dir", "--old-file", "--what-if"]);

function checkMake(words, ctx, counts) {
  const cmd = words.join(" ").replaceAll(UNRESOLVED, "");
  const bad = (msg) => cmdProblem(ctx, cmd, msg);
  let dir = ctx.workdir, i = 1;
  const targets = [], vars = {}, pass = [];
  for (; i < words.length; i++) {
    const a = words[i];
    if (a.includes(UNRESOLVED)) { bad(`cannot resolve '${a.replaceAll(UNRESOLVED, "")}' here: write the value in the workflow or the matrix`); return; }
    if (a === "-C" || a === "--directory") { dir = path.resolve(dir, words[++i] ?? "."); continue; }
    if (a.startsWith("-C")) { dir = path.resolve(dir, a.slice(2)); continue; }
    if (a.startsWith("--directory=")) { dir = path.resolve(dir, a.slice(12)); continue; }
    if (a === "-n" || a === "--dry-run" || a === "-q" || a === "--question") continue;
    if (a === "-j" || a === "-l" || a === "--jobs" || a === "--load-average") { // optional number
      pass.push(a);
      if (/^\d+(\.\d+)?$/.test(words[i + 1] ?? "")) pass.push(words[++i]);
      continue;
    }
    if (MAKE_ARG_OPTS.has(a)) { pass.push(a, words[++i]); continue; }
    if (a.startsWith("-")) { pass.push(a); continue; }
    const m = /^([A-Za-z_][\w.]*)[:+?]?=(.*)$/.exec(a);
    if (m) { vars[m[1]] = m[2]; continue; }
    targets.push(a);
  }
  counts.make++;
  // The values that count: the command line over the job's environment.
  const eff = {};
  for (const v of Object.keys(CHECKED_VARS)) {
    const val = v in vars ? vars[v] : ctx.env[v];
    if (val === undefined) continue;
    if (String(val).includes(UNRESOLVED)) { bad(`${v} cannot be resolved here ('${String(val).replaceAll(UNRESOLVED, "")}')`); return; }
    eff[v] = String(val);
    if (!CHECKED_VARS[v].values.includes(eff[v]))
      bad(`${v}=${eff[v]} is not one this project has (${CHECKED_VARS[v].where}: ${CHECKED_VARS[v].values.join(" ")})`);
  }
  const arch = eff.ARCH ?? DEFAULTS.ARCH, variant = eff.VARIANT ?? DEFAULTS.VARIANT;
  if (T_VARIANTS[arch] && VARIANTS.includes(variant) && !T_VARIANTS[arch].includes(variant))
    bad(`VARIANT=${variant} is not available on ${arch} (T_VARIANTS: ${T_VARIANTS[arch].join(" ")})`);
  const env = {};
  for (const [k, v] of Object.entries(ctx.env)) if (!String(v).includes(UNRESOLVED)) env[k] = String(v);
  const args = [...pass, ...targets, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)];
  const r = makeDryRun(dir, args, env);
  if (!r.ok) bad(`make -n fails here: ${r.why}`);
  else counts.ok.add(`${path.relative(top, dir) ? `-C ${path.relative(top, dir)} ` : ""}${args.join(" ")}`);
}

// A script from the repository run by path (ci/x.sh, ./ci/x.sh, bash ci/x.sh, node ci/x.mjs).
function checkScript(words, ctx) {
  let p = words[0], direct = true;
  if (["bash", "sh", "node"].includes(p) && words[1] && !words[1].startsWith("-")) { p = words[1]; direct = false; }
  if (!/^(\.\/)?(ci|kselftests|\.ci)\//.test(p) || p.includes(UNRESOLVED)) return;
  const f = path.resolve(ctx.workdir, p);
  const cmd = words.join(" ").replaceAll(UNRESOLVED, "");
  if (!existsSync(f)) cmdProblem(ctx, cmd, `${p} does not exist`);
  else if (direct && !(statSync(f).mode & 0o111)) cmdProblem(ctx, cmd, `${p} is not executable`);
}

// ---- matrix -----------------------------------------------------------------
function expandMatrix(m, where) {
  if (m === undefined || m === null) return [{}];
  if (typeof m === "string") { problem(where, `the matrix is an expression (${m}): the check needs a literal matrix`); return []; }
  const keys = Object.keys(m).filter((k) => k !== "include" && k !== "exclude");
  let combos = [{}];
  for (const k of keys) {
    if (!Array.isArray(m[k])) { problem(where, `matrix.${k} is not a list: the check needs literal values`); return []; }
    combos = combos.flatMap((c) => m[k].map((v) => ({ ...c, [k]: v })));
  }
  if (keys.length === 0) combos = [];
  const match = (c, e) => Object.entries(e).every(([k, v]) => JSON.stringify(c[k]) === JSON.stringify(v));
  if (Array.isArray(m.exclude)) combos = combos.filter((c) => !m.exclude.some((e) => match(c, e)));
  if (Array.isArray(m.include)) {
    // GitHub's rule: an include entry is merged into every original
    // combination whose original values it does not change; if there is
    // none, it is a combination of its own.
    const original = combos.slice();
    for (const inc of m.include) {
      let merged = false;
      for (const c of original) {
        if (keys.every((k) => !(k in inc) || JSON.stringify(c[k]) === JSON.stringify(inc[k]))) {
          Object.assign(c, inc);
          merged = true;
        }
      }
      if (!merged) combos.push({ ...inc });
    }
  }
  return combos;
}
const label = (c) => Object.keys(c).length ? ` [${Object.entries(c).map(([k, v]) => `${k}=${v}`).join(", ")}]` : "";

// ---- one workflow -------------------------------------------------------------
const totals = { workflows: 0, jobs: 0, runs: 0, make: 0, ok: new Set() };
const pins = new Map();
const nfull = files.length;
files.push(...pending);
for (const [fi, file] of files.entries()) {
  const policyOnly = fi >= nfull;
  const shown = rel(file);
  let text;
  try { text = readFileSync(file, "utf8"); } catch (e) { problem(shown, e.message); continue; }
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) { for (const e of doc.errors) problem(`${shown}:${e.linePos?.[0]?.line ?? "?"}`, `YAML: ${e.message.split("\n")[0]}`); continue; }
  const wf = doc.toJS() ?? {};
  const lines = text.split("\n");
  const lineOf = (p) => { const n = doc.getIn(p, true); return n?.range ? lc.linePos(n.range[0]).line : 1; };
  const at = (p) => `${shown}:${lineOf(p)}`;
  totals.workflows++;

  // policy
  const on = wf.on ?? wf[true];
  const events = typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
  if (events.includes("pull_request_target")) problem(at(["on"]), "pull_request_target is not allowed (it runs with a write token on untrusted code)");
  if (wf.permissions === undefined) problem(`${shown}:1`, "no top-level permissions: (least privilege: contents: read)");
  else if (typeof wf.permissions === "string" ? wf.permissions !== "read-all" :
    Object.values(wf.permissions ?? {}).some((v) => v !== "read" && v !== "none"))
    problem(at(["permissions"]), "top-level permissions may only read: give write to the one job that needs it");
  if (!wf.concurrency || wf.concurrency["cancel-in-progress"] !== true || !/github\.ref/.test(String(wf.concurrency.group ?? "")))
    problem(`${shown}:1`, "no concurrency group per workflow and ref with cancel-in-progress: true");
  const secretRe = /secrets\.(?!GITHUB_TOKEN\b)\w+/g;
  lines.forEach((l, n) => { for (const m of l.matchAll(secretRe)) problem(`${shown}:${n + 1}`, `uses ${m[0]}: these workflows need no secrets`); });
  YAML.visit(doc, {
    Pair(_, pair) {
      if (!YAML.isScalar(pair.key) || pair.key.value !== "uses" || !YAML.isScalar(pair.value)) return;
      const u = String(pair.value.value), ln = lc.linePos(pair.value.range[0]).line;
      if (u.startsWith("./")) return;
      if (u.startsWith("docker://")) { if (!/@sha256:[0-9a-f]{64}$/.test(u)) problem(`${shown}:${ln}`, `${u}: pin the image by @sha256 digest`); return; }
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(u)) { problem(`${shown}:${ln}`, `${u}: pin the action by its full 40-hex commit SHA`); return; }
      const ver = /#\s*(v\d+\.\d+\.\d+)\b/.exec(lines[ln - 1] ?? "")?.[1];
      if (!ver) { problem(`${shown}:${ln}`, `${u}: add the version it is, as a comment: # vX.Y.Z`); return; }
      // one action, one pin, in every workflow
      const [name, sha] = u.split("@"), pin = `${sha} # ${ver}`, first = pins.get(name);
      if (!first) pins.set(name, { pin, where: `${shown}:${ln}` });
      else if (first.pin !== pin) problem(`${shown}:${ln}`, `${name}@${pin} differs from ${name}@${first.pin} at ${first.where}: pin every use alike`);
    },
  });

  if (policyOnly) continue;

  // inputs (workflow_dispatch)
  const inputDefs = (on && typeof on === "object" && !Array.isArray(on) && on.workflow_dispatch?.inputs) || {};
  const inputChoices = {};
  for (const [name, def] of Object.entries(inputDefs)) {
    const opts = def?.type === "choice" ? (def.options ?? []).map(String) : [def?.default ?? ""].map(String);
    inputChoices[name] = opts;
    if (name.toLowerCase() === "arch") {
      const w = `${at(["on", "workflow_dispatch", "inputs", name])}: input ${name}`;
      if (def?.type !== "choice") problem(w, "make it a choice of `all` and the targets");
      for (const o of opts) if (o !== "all" && !TARGETS.includes(o)) problem(w, `option ${o} is not a target (${TARGETS.join(" ")})`);
      const miss = TARGETS.filter((t) => !opts.includes(t));
      if (miss.length) problem(w, `targets missing from the options: ${miss.join(" ")}: add them`);
    }
  }

  // jobs
  for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
    totals.jobs++;
    const jw = `${at(["jobs", jobId])}: job ${jobId}`;
    if (job["timeout-minutes"] === undefined && !job.uses) problem(jw, "no timeout-minutes");
    if (job.permissions !== undefined && typeof job.permissions === "object" && Object.values(job.permissions).includes("write") &&
        !Array.isArray(job.steps)) problem(jw, "write permission on a job without steps");
    const m = job.strategy?.matrix;
    const combos = expandMatrix(m, jw);

    // coverage: a job whose ARCH comes from matrix.K lists every target in K
    const archKeys = new Set();
    for (const st of job.steps ?? []) for (const mm of String(st?.run ?? "").matchAll(/\bARCH=\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g)) archKeys.add(mm[1]);
    for (const k of archKeys) {
      if (!m || typeof m !== "object") continue;
      const vals = new Set([...(Array.isArray(m[k]) ? m[k] : []), ...(Array.isArray(m.include) ? m.include.map((x) => x?.[k]) : [])].filter((x) => x !== undefined).map(String));
      const miss = TARGETS.filter((t) => !vals.has(t));
      if (miss.length) problem(`${at(["jobs", jobId, "strategy", "matrix"])}: job ${jobId}`,
        `targets missing from matrix.${k}: ${miss.join(" ")}: add them to jobs.${jobId}.strategy.matrix.${k} ` +
        "(every target runs here as in make matrix; to leave one out on purpose, list it and exclude it)");
    }

    const wdir = job.defaults?.run?.["working-directory"] ?? wf.defaults?.run?.["working-directory"] ?? ".";
    for (const combo of combos) {
      (job.steps ?? []).forEach((st, si) => {
        if (!st || st.run === undefined) return;
        totals.runs++;
        const name = st.name ?? `#${si + 1}`;
        // each input the step refers to takes each of its values
        // (named in the script, or in an env variable the script or make reads)
        const used = new Set();
        const allEnv = { ...wf.env, ...job.env, ...st.env };
        const reach = [String(st.run), ...Object.entries(allEnv)
          .filter(([k]) => k in CHECKED_VARS || new RegExp(`\\$\\{?${k}\\b`).test(String(st.run))).map(([, v]) => String(v))];
        for (const mm of reach.join("\n").matchAll(/(?:inputs|github\.event\.inputs)\.([\w-]+)/g)) if (mm[1] in inputChoices) used.add(mm[1]);
        let inputCombos = [{}];
        for (const k of used) inputCombos = inputCombos.flatMap((c) => inputChoices[k].map((v) => ({ ...c, [k]: v })));
        for (const inputs of inputCombos) {
          const ctx = { matrix: combo, inputs, env: {}, errors: [],
            loc: `${at(["jobs", jobId, "steps", si])}: job ${jobId}`, combo: label({ ...combo, ...inputs }), step: name };
          for (const e of [wf.env, job.env, st.env]) for (const [k, v] of Object.entries(e ?? {})) ctx.env[k] = subst(v, ctx);
          ctx.workdir = path.resolve(top, st["working-directory"] ? subst(st["working-directory"], ctx) : wdir);
          const script = subst(st.run, ctx);
          for (const e of new Set(ctx.errors)) cmdProblem(ctx, "", e);
          for (const words of shellCommands(script, ctx.env)) {
            if (words[0] === "make" || words[0] === "gmake") checkMake(words, ctx, totals);
            else checkScript(words, ctx);
          }
        }
      });
    }
  }
}

for (const p of problems) console.log(p.text);
if (verbose) for (const c of [...totals.ok].sort()) console.log(`ok: make -n ${c}`);
console.log(`workflow-check: ${nfull} workflow(s), ${totals.jobs} job(s), ${totals.runs} run step(s) checked (matrix expanded), ` +
  `${totals.make} make command(s) (${totals.ok.size} distinct ok)` +
  (pending.size ? `, ${pending.size} pending workflow(s) (security rules only)` : "") + `, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
