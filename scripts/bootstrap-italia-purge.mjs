/*
 * The rules of Bootstrap Italia's stylesheet the portal uses, written by scripts/vendor_static.sh into
 * static/vendor/bootstrap-italia/css/bootstrap-italia.parts.min.css.
 *
 * The full stylesheet is 600 KB minified and blocks rendering: on a phone, applying it took most of the
 * main thread before the first paint (bench/FIRSTPAINT.md). PurgeCSS keeps a rule when one of its
 * class, id, tag or attribute names appears as a word in the files below: every template (ours and
 * those of the packages that render forms and sign-in pages), the Python code (widgets' classes,
 * badges' colours) and the JavaScript that runs on the pages (ours and the Bootstrap Italia bundle,
 * whose plugins add classes such as `show` or `expanded` at run time).
 *
 * usage: node scripts/bootstrap-italia-purge.mjs SOURCE.css OUTPUT.css PATH...
 * where each PATH is a file or a folder (its .html, .py and .js files, at any depth).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { PurgeCSS } from "purgecss";

const [source, output, ...paths] = process.argv.slice(2);
if (!source || !output || paths.length === 0) {
  console.error("usage: bootstrap-italia-purge.mjs SOURCE.css OUTPUT.css PATH...");
  process.exit(2);
}

const SCANNED = new Set([".html", ".py", ".js", ".txt"]);
function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || entry.name === "__pycache__" || entry.name === "node_modules") return [];
    const child = join(path, entry.name);
    if (entry.isDirectory()) return files(child);
    return SCANNED.has(extname(entry.name)) ? [child] : [];
  });
}
// Read here rather than globbed by PurgeCSS: folder names need no escaping.
const content = paths.flatMap(files).map((file) => ({ raw: readFileSync(file, "utf8"), extension: "html" }));

// Class names that no scanned file spells out whole.
const safelist = {
  standard: [
    // The colour of a status badge comes from the models' `badge` property ("success", "warning"...),
    // written as bg-{{ x.badge }}; messages as alert-{{ message.level_tag }}.
    /^bg-/,
    /^text-bg-/,
    /^alert-/,
    // Bootstrap's transitions and states, some built from a prefix in the plugins' code.
    /^show$/,
    /^showing$/,
    /^hiding$/,
    /^collapsing$/,
    /^fade$/,
    /^active$/,
    /^disabled$/,
    /^expanded$/,
    /^focus--/,
    /^is-(valid|invalid)$/,
    /^drop(up|end|start|down)/,
    // Bootstrap's reboot of elements no template writes today: a new template gets them styled.
    /^(abbr|sup|sub|kbd|samp|tfoot|figcaption)$/,
    // The keyboard focus ring, `:focus:not([data-focus-mouse=true])` (the attribute is set by the focus
    // tracking of init.js): PurgeCSS 8 drops a selector made of pseudo-classes only, whatever the
    // content, unless a pattern matches the whole selector.
    /^:focus/,
  ],
  greedy: [
    // The open dropdown is placed by Popper through data attributes.
    /data-bs-popper/,
    /data-popper/,
  ],
};

// Every word that could be a name: `class="{% if x %}active{% endif %} mt-3"`, attrs={"class": "..."}.
const words = (text) => text.match(/[A-Za-z0-9_-]+/g) || [];

const [result] = await new PurgeCSS().purge({
  css: [source],
  content,
  safelist,
  defaultExtractor: words,
  // Bootstrap Italia embeds the video player's icon font and animations of components we do not use.
  fontFace: true,
  keyframes: true,
  variables: false,
});

// The source's sourceMappingURL points to a map of the full file: dropped (the manifest storage of
// collectstatic would also fail on a missing map).
const css = result.css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
writeFileSync(output, css);
const before = readFileSync(source).length;
console.log(
  `bootstrap-italia-purge: ${Math.round(before / 1024)} KB -> ${Math.round(css.length / 1024)} KB ` +
    `(${content.length} files read)`,
);
