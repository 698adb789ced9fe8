// Draws bench/results/<runtime>.svg from bench/results/<runtime>.json (Node, no dependencies).
// One panel per setting; per workload, one horizontal bar per system, length = ops/s relative
// to the fastest system on that workload (log scales hide the gaps people care about), with
// the ops/s written next to the bar.
//
//   node bench/chart.mjs [results.json ...]      (default: every bench/results/*.json)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "results");
const markdown = process.argv.includes("--markdown");
const argFiles = process.argv.slice(2).filter((a) => a !== "--markdown");
const files = argFiles.length
  ? argFiles
  : readdirSync(dir).filter((f) => /^[a-z]+\.json$/.test(f)).map((f) => join(dir, f));

const COLORS = {
  "snkv": "#d9480f",
  "c": "#f59f00",
  "bun-sqlite": "#1971c2",
  "node-sqlite": "#1971c2",
  "deno-kv": "#2f9e44",
  "lmdb": "#7048e8",
  "lmdb-nosync": "#b197fc",
};
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (x) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : `${Math.round(x)}`;

// --markdown: print the tables as Markdown (for bench/README.md) instead of drawing.
function markdownTables(r) {
  const out = [];
  for (const [setting, systems] of Object.entries(r.results)) {
    const names = Object.keys(systems);
    out.push(
      `\n**${r.runtime.name} ${r.runtime.version}, ${setting === "ref" ? "reference" : "fast"} settings** (${
        r.settings[setting].text
      }; ${r.records.toLocaleString("en-US")} records, median of ${r.runs}), ops/s:\n`,
    );
    out.push(
      `| workload | ${names.map((n) => systems[n].label).join(" | ")} |${
        names.includes("snkv")
          ? names.filter((n) => n !== "snkv").map((n) => ` SNKV / ${systems[n].label} |`).join("")
          : ""
      }`,
    );
    out.push(
      `|---|${names.map(() => "--:|").join("")}${
        names.includes("snkv") ? names.filter((n) => n !== "snkv").map(() => "--:|").join("") : ""
      }`,
    );
    for (const w of r.workloads) {
      const s = systems.snkv?.opsPerSec[w.name];
      const ratios = names.includes("snkv")
        ? names.filter((n) => n !== "snkv").map((n) => {
          const v = systems[n].opsPerSec[w.name];
          return ` ${s && v ? (s / v).toFixed(2) + "×" : "–"} |`;
        }).join("")
        : "";
      out.push(
        `| ${w.name} | ${
          names.map((n) => systems[n].opsPerSec[w.name] == null ? "–" : fmt(systems[n].opsPerSec[w.name]))
            .join(" | ")
        } |${ratios}`,
      );
    }
    out.push(
      `| peak RSS | ${
        names.map((n) => systems[n].peakRssKb ? `${Math.round(systems[n].peakRssKb / 1024)} MB` : "–").join(
          " | ",
        )
      } |${names.includes("snkv") ? names.filter((n) => n !== "snkv").map(() => " |").join("") : ""}`,
    );
  }
  return out.join("\n");
}

for (const file of files) {
  const r = JSON.parse(readFileSync(file, "utf8"));
  if (markdown) {
    console.log(markdownTables(r));
    continue;
  }
  const W = 980, LABEL = 150, BAR_W = 560, BAR = 11, GAP = 8;
  let y = 60;
  const out = [];
  const title = `SNKV vs peers, ${r.runtime.name} ${r.runtime.version}, ${
    r.records.toLocaleString("en-US")
  } records, median of ${r.runs} runs`;
  out.push(`<text x="20" y="28" font-size="17" font-weight="bold">${esc(title)}</text>`);
  out.push(
    `<text x="20" y="46" font-size="11" fill="#555">${
      esc(
        `${r.machine.cpu}, ${r.machine.cpus} CPUs, ${r.machine.os}; ${
          r.date.slice(0, 10)
        }. Bar = ops/s relative to the fastest system on the workload.`,
      )
    }</text>`,
  );
  for (const [setting, systems] of Object.entries(r.results)) {
    const names = Object.keys(systems);
    y += 24;
    out.push(
      `<text x="20" y="${y}" font-size="14" font-weight="bold">${
        esc(
          r.settings[setting].text
            ? `${setting === "ref" ? "Reference" : "Fast"} settings: ${r.settings[setting].text}`
            : setting,
        )
      }</text>`,
    );
    y += 10;
    // legend
    let lx = 20;
    for (const n of names) {
      out.push(`<rect x="${lx}" y="${y}" width="10" height="10" fill="${COLORS[n] ?? "#888"}"/>`);
      out.push(`<text x="${lx + 14}" y="${y + 9}" font-size="11">${esc(systems[n].label)}</text>`);
      lx += 20 + systems[n].label.length * 6.5;
    }
    y += 22;
    for (const w of r.workloads) {
      const vals = names.map((n) => systems[n].opsPerSec[w.name]).filter((v) => v != null);
      if (!vals.length) continue;
      const max = Math.max(...vals);
      const rows = names.filter((n) => systems[n].opsPerSec[w.name] != null);
      const h = rows.length * (BAR + 2);
      out.push(`<text x="20" y="${y + h / 2}" font-size="12">${esc(w.name)}</text>`);
      out.push(`<text x="20" y="${y + h / 2 + 12}" font-size="9" fill="#777">${esc(w.unit)}</text>`);
      for (const n of rows) {
        const v = systems[n].opsPerSec[w.name];
        const len = Math.max(1, (v / max) * BAR_W);
        out.push(
          `<rect x="${LABEL}" y="${y}" width="${len.toFixed(1)}" height="${BAR}" fill="${
            COLORS[n] ?? "#888"
          }"><title>${esc(`${systems[n].label}: ${fmt(v)} ops/s`)}</title></rect>`,
        );
        out.push(
          `<text x="${LABEL + len + 4}" y="${y + BAR - 2}" font-size="10">${
            esc(`${fmt(v)}  ${systems[n].label}`)
          }</text>`,
        );
        y += BAR + 2;
      }
      y += GAP;
    }
    const rss = names.map((n) =>
      `${systems[n].label} ${systems[n].peakRssKb ? Math.round(systems[n].peakRssKb / 1024) + " MB" : "-"}`
    ).join(" · ");
    out.push(
      `<text x="20" y="${y + 8}" font-size="10" fill="#555">${esc(`Peak RSS per process: ${rss}`)}</text>`,
    );
    y += 18;
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${
      y + 20
    }" font-family="Helvetica, Arial, sans-serif">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${out.join("\n")}\n</svg>\n`;
  const target = file.replace(/\.json$/, ".svg");
  writeFileSync(target, svg);
  console.log(`wrote ${target}`);
}
