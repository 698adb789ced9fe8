// Checks built libraries: file format, machine and exported symbols.
//
//   node scripts/check-symbols.mjs                 every platform under lib/ (all five must exist)
//   node scripts/check-symbols.mjs FILE...         the given files
//   options: --header PATH   the public header (default c/snkv/include/snkv.h)
//            --glibc MAX     highest GLIBC_x.y version an ELF file may need (default 2.17;
//                            "any" skips the check, e.g. for a host build)
//            --allow-missing with no FILE: check the platforms that exist, skip the others
//
// The expected export list is read from the header: every declaration marked SNKV_API.
// Each binary is parsed here, without nm/objdump/dumpbin (none of them reads all three
// formats, and CI runners differ):
//   ELF     e_machine; the defined GLOBAL/WEAK symbols of .dynsym with default or protected
//           visibility; the GLIBC_* versions listed in .gnu.version_r.
//   Mach-O  cputype; the export trie (LC_DYLD_INFO[_ONLY] or LC_DYLD_EXPORTS_TRIE), and the
//           external defined symbols of LC_SYMTAB, which must agree with it.
//   PE      the COFF machine; the names of the export directory (and no ordinal-only export).
// The platform folder (lib/<os>-<arch>/) a file sits in says which format and machine it
// must have. Exit status 0 when every file passes, 1 otherwise, 2 for bad usage.
// Node 20 built-ins only.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const PLATFORMS = {
  "linux-x64": { format: "ELF", machine: "x86-64", file: "libsnkv.so" },
  "linux-arm64": { format: "ELF", machine: "arm64", file: "libsnkv.so" },
  "darwin-x64": { format: "Mach-O", machine: "x86-64", file: "libsnkv.dylib" },
  "darwin-arm64": { format: "Mach-O", machine: "arm64", file: "libsnkv.dylib" },
  "win32-x64": { format: "PE", machine: "x86-64", file: "libsnkv.dll" },
};

// ---- the expected list: SNKV_API declarations of the header ---------------------------

/** Names of the functions the header declares with SNKV_API, sorted. */
export function headerExports(text) {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/[^\n]*/g, " ")
    // preprocessor lines, with their continuations (the SNKV_API definitions live there)
    .replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*/gm, " ");
  const names = [];
  for (const m of code.matchAll(/\bSNKV_API\b([^;{]*)/g)) {
    const decl = m[1];
    const paren = decl.indexOf("(");
    if (paren < 0) throw new Error(`cannot read the SNKV_API declaration: ${m[0].trim()}`);
    const name = decl.slice(0, paren).match(/([A-Za-z_][A-Za-z0-9_]*)\s*$/)?.[1];
    if (!name) throw new Error(`no function name in the SNKV_API declaration: ${m[0].trim()}`);
    names.push(name);
  }
  return [...new Set(names)].sort();
}

// ---- ELF --------------------------------------------------------------------------------

const EM = { 62: "x86-64", 183: "arm64", 3: "x86", 40: "arm" };

function parseElf(buf) {
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  if (!is64 && buf[4] !== 1) throw new Error(`bad ELF class ${buf[4]}`);
  const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const addr = (o) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const type = u16(16);
  const machineCode = u16(18);
  const shoff = addr(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({
      type: u32(o + 4),
      offset: addr(is64 ? o + 0x18 : o + 0x10),
      size: addr(is64 ? o + 0x20 : o + 0x14),
      link: u32(is64 ? o + 0x28 : o + 0x18),
      entsize: addr(is64 ? o + 0x38 : o + 0x24),
    });
  }
  const cstr = (sec, off) => {
    const start = sec.offset + off;
    return buf.toString("latin1", start, buf.indexOf(0, start));
  };
  const SHT_DYNSYM = 11;
  const SHT_GNU_VERNEED = 0x6ffffffe;
  const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
  if (!dynsym) {
    throw new Error("no .dynsym section (not a shared library, or its section headers were removed)");
  }
  const strtab = sections[dynsym.link];
  const entsize = dynsym.entsize || (is64 ? 24 : 16);
  const exports = [];
  for (let o = dynsym.offset + entsize; o < dynsym.offset + dynsym.size; o += entsize) {
    const name = u32(o);
    const info = is64 ? buf[o + 4] : buf[o + 12];
    const other = is64 ? buf[o + 5] : buf[o + 13];
    const shndx = is64 ? u16(o + 6) : u16(o + 14);
    const bind = info >> 4; // 1 GLOBAL, 2 WEAK
    const symType = info & 0xf; // 3 SECTION, 4 FILE
    const visibility = other & 3; // 0 DEFAULT, 3 PROTECTED
    if (shndx === 0 || (bind !== 1 && bind !== 2) || symType === 3 || symType === 4) continue;
    if (visibility !== 0 && visibility !== 3) continue;
    exports.push(cstr(strtab, name));
  }
  // Versions of other libraries this one needs (GLIBC_2.17, ...): Elf_Verneed / Elf_Vernaux.
  const needed = [];
  for (const sec of sections.filter((s) => s.type === SHT_GNU_VERNEED)) {
    const str = sections[sec.link];
    let vn = sec.offset;
    for (;;) {
      const cnt = u16(vn + 2);
      let aux = vn + u32(vn + 8);
      for (let i = 0; i < cnt; i++) {
        needed.push(cstr(str, u32(aux + 8)));
        const next = u32(aux + 12);
        if (!next) break;
        aux += next;
      }
      const next = u32(vn + 12);
      if (!next) break;
      vn += next;
    }
  }
  return {
    format: "ELF",
    machine: EM[machineCode] ?? `e_machine ${machineCode}`,
    kind: type === 3 ? "shared object" : `e_type ${type} (not a shared object)`,
    exports,
    versionsNeeded: needed,
  };
}

// ---- Mach-O -----------------------------------------------------------------------------

const CPU = { 0x01000007: "x86-64", 0x0100000c: "arm64", 7: "x86", 12: "arm" };

function uleb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error("truncated ULEB128 in the export trie");
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return { value: result, pos };
  }
}

/** All names in a Mach-O export trie (a prefix tree; terminal nodes are exported symbols). */
function readExportTrie(buf, start, size) {
  const names = [];
  const seen = new Set();
  const walk = (nodeOff, prefix) => {
    if (nodeOff >= size) throw new Error("export trie node out of range");
    if (seen.has(nodeOff)) throw new Error("export trie has a cycle");
    seen.add(nodeOff);
    let { value: terminalSize, pos } = uleb(buf, start + nodeOff);
    if (terminalSize > 0) {
      const flags = uleb(buf, pos).value;
      const EXPORT_SYMBOL_FLAGS_REEXPORT = 0x08;
      names.push({ name: prefix, reexport: (flags & EXPORT_SYMBOL_FLAGS_REEXPORT) !== 0 });
    }
    pos += terminalSize;
    const children = buf[pos++];
    for (let i = 0; i < children; i++) {
      const end = buf.indexOf(0, pos);
      const edge = buf.toString("latin1", pos, end);
      pos = end + 1;
      const child = uleb(buf, pos);
      pos = child.pos;
      walk(child.value, prefix + edge);
    }
  };
  walk(0, "");
  return names;
}

function parseMachO(buf) {
  const magic = buf.readUInt32LE(0);
  if (magic !== 0xfeedfacf && magic !== 0xfeedface) {
    throw new Error(`unsupported Mach-O magic 0x${magic.toString(16)} (expected a thin little-endian file)`);
  }
  const is64 = magic === 0xfeedfacf;
  const cputype = buf.readUInt32LE(4);
  const filetype = buf.readUInt32LE(12);
  const ncmds = buf.readUInt32LE(16);
  let off = is64 ? 32 : 28;
  let trie = null;
  let symtab = null;
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(off);
    const cmdsize = buf.readUInt32LE(off + 4);
    if (cmd === 0x22 || cmd === 0x80000022) {
      // LC_DYLD_INFO[_ONLY]: export_off, export_size at +40, +44
      const size = buf.readUInt32LE(off + 44);
      if (size) trie = { off: buf.readUInt32LE(off + 40), size };
    } else if (cmd === 0x80000033) {
      // LC_DYLD_EXPORTS_TRIE: dataoff, datasize
      const size = buf.readUInt32LE(off + 12);
      if (size) trie = { off: buf.readUInt32LE(off + 8), size };
    } else if (cmd === 0x2) {
      symtab = {
        symoff: buf.readUInt32LE(off + 8),
        nsyms: buf.readUInt32LE(off + 12),
        stroff: buf.readUInt32LE(off + 16),
      };
    }
    off += cmdsize;
  }
  // C names carry a leading underscore in Mach-O.
  const unmangle = (n) => (n.startsWith("_") ? n.slice(1) : n);
  const result = {
    format: "Mach-O",
    machine: CPU[cputype] ?? `cputype 0x${cputype.toString(16)}`,
    kind: filetype === 6 ? "dylib" : `filetype ${filetype} (not a dylib)`,
    exports: null,
    symtabExports: null,
    problems: [],
  };
  if (trie) {
    const entries = readExportTrie(buf, trie.off, trie.size);
    for (const e of entries.filter((e) => e.reexport)) result.problems.push(`re-exports ${e.name}`);
    result.exports = entries.map((e) => unmangle(e.name));
  }
  if (symtab) {
    const N_STAB = 0xe0, N_PEXT = 0x10, N_TYPE = 0x0e, N_EXT = 0x01, N_SECT = 0x0e;
    const entsize = is64 ? 16 : 12;
    const names = [];
    for (let i = 0; i < symtab.nsyms; i++) {
      const o = symtab.symoff + i * entsize;
      const type = buf[o + 4];
      if (type & N_STAB || type & N_PEXT || !(type & N_EXT) || (type & N_TYPE) !== N_SECT) continue;
      const start = symtab.stroff + buf.readUInt32LE(o);
      names.push(unmangle(buf.toString("latin1", start, buf.indexOf(0, start))));
    }
    result.symtabExports = names;
  }
  if (!result.exports) result.exports = result.symtabExports;
  if (!result.exports) throw new Error("neither an export trie nor LC_SYMTAB");
  return result;
}

// ---- PE ---------------------------------------------------------------------------------

const PE_MACHINE = { 0x8664: "x86-64", 0xaa64: "arm64", 0x14c: "x86" };

function parsePe(buf) {
  const pe = buf.readUInt32LE(0x3c);
  if (buf.toString("latin1", pe, pe + 4) !== "PE\0\0") throw new Error("MZ header without a PE signature");
  const coff = pe + 4;
  const machineCode = buf.readUInt16LE(coff);
  const nsections = buf.readUInt16LE(coff + 2);
  const optSize = buf.readUInt16LE(coff + 16);
  const characteristics = buf.readUInt16LE(coff + 18);
  const opt = coff + 20;
  const optMagic = buf.readUInt16LE(opt);
  const plus = optMagic === 0x20b;
  if (!plus && optMagic !== 0x10b) {
    throw new Error(`unknown optional header magic 0x${optMagic.toString(16)}`);
  }
  const ndirs = buf.readUInt32LE(opt + (plus ? 108 : 92));
  const dirs = opt + (plus ? 112 : 96);
  const sections = [];
  for (let i = 0, s = opt + optSize; i < nsections; i++, s += 40) {
    sections.push({
      va: buf.readUInt32LE(s + 12),
      vsize: buf.readUInt32LE(s + 8),
      rawSize: buf.readUInt32LE(s + 16),
      raw: buf.readUInt32LE(s + 20),
    });
  }
  const fileOffset = (rva) => {
    const s = sections.find((s) => rva >= s.va && rva < s.va + Math.max(s.vsize, s.rawSize));
    if (!s) throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
    return rva - s.va + s.raw;
  };
  const cstr = (rva) => {
    const o = fileOffset(rva);
    return buf.toString("latin1", o, buf.indexOf(0, o));
  };
  const result = {
    format: "PE",
    machine: PE_MACHINE[machineCode] ?? `machine 0x${machineCode.toString(16)}`,
    kind: characteristics & 0x2000 ? "DLL" : "image without the DLL flag",
    exports: [],
    problems: [],
  };
  const exportRva = ndirs > 0 ? buf.readUInt32LE(dirs) : 0;
  const exportSize = ndirs > 0 ? buf.readUInt32LE(dirs + 4) : 0;
  if (!exportRva) return result;
  const ed = fileOffset(exportRva);
  const nfunctions = buf.readUInt32LE(ed + 20);
  const nnames = buf.readUInt32LE(ed + 24);
  const functions = fileOffset(buf.readUInt32LE(ed + 28));
  const names = buf.readUInt32LE(ed + 32) ? fileOffset(buf.readUInt32LE(ed + 32)) : 0;
  const ordinals = buf.readUInt32LE(ed + 36) ? fileOffset(buf.readUInt32LE(ed + 36)) : 0;
  const named = new Set();
  for (let i = 0; i < nnames; i++) {
    const name = cstr(buf.readUInt32LE(names + 4 * i));
    const index = buf.readUInt16LE(ordinals + 2 * i);
    named.add(index);
    const target = buf.readUInt32LE(functions + 4 * index);
    if (target >= exportRva && target < exportRva + exportSize) result.problems.push(`${name} is forwarded`);
    result.exports.push(name);
  }
  for (let i = 0; i < nfunctions; i++) {
    if (!named.has(i) && buf.readUInt32LE(functions + 4 * i) !== 0) {
      result.problems.push(`an export without a name (ordinal index ${i})`);
    }
  }
  return result;
}

// ---- checking ---------------------------------------------------------------------------

/** Reads a binary: format, machine, kind, exported names (and format-specific extras). */
export function inspect(buf) {
  if (buf.length >= 64 && buf.readUInt32BE(0) === 0x7f454c46) return parseElf(buf);
  const m = buf.length >= 32 ? buf.readUInt32LE(0) : 0;
  if (m === 0xfeedfacf || m === 0xfeedface) return parseMachO(buf);
  if (buf.length >= 32 && buf.readUInt32BE(0) === 0xcafebabe) {
    throw new Error("a universal (fat) Mach-O file; SNKV ships one thin file per architecture");
  }
  if (buf.length >= 64 && buf.toString("latin1", 0, 2) === "MZ") return parsePe(buf);
  throw new Error("not an ELF, Mach-O or PE file");
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The problems of one file (an empty list: it passes) and a one-line description. */
export function checkFile(path, expected, opts = {}) {
  const problems = [];
  const platform = opts.platform ?? basename(dirname(path));
  const want = PLATFORMS[platform];
  let info;
  try {
    info = inspect(readFileSync(path));
  } catch (e) {
    return { problems: [`cannot read it: ${e.message}`], summary: "unreadable" };
  }
  if (want) {
    if (info.format !== want.format) {
      problems.push(`format is ${info.format}, ${platform} needs ${want.format}`);
    }
    if (info.machine !== want.machine) {
      problems.push(`machine is ${info.machine}, ${platform} needs ${want.machine}`);
    }
  } else if (info.machine !== "x86-64" && info.machine !== "arm64") {
    problems.push(`machine is ${info.machine}, expected x86-64 or arm64`);
  }
  if (!/^(shared object|dylib|DLL)$/.test(info.kind)) problems.push(`file type: ${info.kind}`);
  problems.push(...(info.problems ?? []));

  const diff = (label, got) => {
    const have = new Set(got);
    const missing = expected.filter((n) => !have.has(n));
    const want = new Set(expected);
    const extra = [...have].filter((n) => !want.has(n)).sort();
    if (got.length !== have.size) problems.push(`${label}: a name is exported twice`);
    if (missing.length) problems.push(`${label}: ${missing.length} missing: ${missing.join(", ")}`);
    if (extra.length) {
      const shown = extra.slice(0, 20).join(", ") +
        (extra.length > 20 ? `, … (${extra.length - 20} more)` : "");
      problems.push(`${label}: ${extra.length} unexpected: ${shown}`);
    }
  };
  diff("exports", info.exports);
  if (info.symtabExports && info.symtabExports !== info.exports) diff("LC_SYMTAB", info.symtabExports);

  let glibc = "";
  if (info.versionsNeeded) {
    const versions = info.versionsNeeded.filter((v) => /^GLIBC_\d/.test(v)).map((v) => v.slice(6));
    const max = versions.sort(compareVersions).pop();
    glibc = max ? `, needs glibc ${max}` : "";
    if (max && opts.glibcMax && compareVersions(max, opts.glibcMax) > 0) {
      const over = [
        ...new Set(info.versionsNeeded.filter((v) =>
          /^GLIBC_\d/.test(v) &&
          compareVersions(v.slice(6), opts.glibcMax) > 0
        )),
      ];
      problems.push(
        `needs ${
          over.join(", ")
        }, above the glibc floor ${opts.glibcMax} (a host build? use npm run build:cross)`,
      );
    }
  }
  const summary = `${info.format} ${info.machine} ${info.kind}, ${info.exports.length} exports${glibc}`;
  return { problems, summary };
}

function main() {
  const args = process.argv.slice(2);
  let header = join(root, "c", "snkv", "include", "snkv.h");
  let glibcMax = "2.17";
  let allowMissing = false;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--header") header = args[++i];
    else if (a === "--glibc") glibcMax = args[++i];
    else if (a === "--allow-missing") allowMissing = true;
    else if (a.startsWith("--")) {
      console.error(`unknown option ${a}`);
      process.exit(2);
    } else files.push(a);
  }
  if (!header || !glibcMax) {
    console.error("--header and --glibc need a value");
    process.exit(2);
  }
  if (glibcMax === "any") glibcMax = null;

  let expected;
  try {
    expected = headerExports(readFileSync(header, "utf8"));
  } catch (e) {
    console.error(`cannot read the expected exports from ${header}: ${e.message}`);
    process.exit(1);
  }
  const offPrefix = expected.filter((n) => !/^(kvstore|snkv)_/.test(n));
  if (offPrefix.length) {
    console.error(`${header} marks functions outside kvstore_*/snkv_* as SNKV_API: ${offPrefix.join(", ")}`);
    process.exit(1);
  }
  console.log(`${header}: ${expected.length} SNKV_API functions expected`);

  let failed = 0;
  let passed = 0;
  if (!files.length) {
    for (const [platform, want] of Object.entries(PLATFORMS)) {
      const path = join(root, "lib", platform, want.file);
      if (existsSync(path)) files.push(path);
      else if (allowMissing) console.log(`  ${platform}: skipped (no ${path})`);
      else {
        console.log(`FAIL ${path}\n    missing (build it with npm run build:cross)`);
        failed++;
      }
    }
  }
  for (const path of files) {
    const { problems, summary } = checkFile(path, expected, { glibcMax });
    if (problems.length) {
      failed++;
      console.log(`FAIL ${path}: ${summary}`);
      for (const p of problems) console.log(`    ${p}`);
    } else {
      passed++;
      console.log(`ok   ${path}: ${summary}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed || !passed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
