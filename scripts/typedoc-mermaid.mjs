// @ts-check
/**
 * A TypeDoc plugin (typedoc.json `plugin`) that renders the ```mermaid blocks of the README, the guides
 * and doc comments as diagrams, offline: each block becomes `<pre class="mermaid">` (the diagram's text,
 * which Mermaid replaces by an SVG in the browser), and pages with a diagram load the Mermaid bundle
 * copied from the `mermaid` npm package into the site's `assets/` (no CDN). Without JavaScript the
 * diagram's text stays readable.
 *
 * Plain JavaScript (with type checking through JSDoc) because TypeDoc imports plugins with Node.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Renderer } from 'typedoc';

/** The Mermaid bundle (self-contained IIFE defining `globalThis.mermaid`), and its name in `assets/`. */
const MERMAID_BUNDLE = 'mermaid/dist/mermaid.min.js';
export const MERMAID_ASSET = 'mermaid.min.js';

/** A highlighted code block of language `mermaid` as TypeDoc 0.28 renders it, with its Copy button. */
const CODE_BLOCK = /<pre><code class="mermaid">([\s\S]*?)<\/code>(?:<button[^>]*>[\s\S]*?<\/button>)?<\/pre>/g;

/**
 * `html` with every rendered ```mermaid code block turned into `<pre class="mermaid">`: the highlighter's
 * spans are dropped and its `<br/>` line breaks become newlines; the text stays HTML-escaped (Mermaid
 * decodes the entities).
 *
 * @param {string} html
 * @returns {string}
 */
export function mermaidBlocks(html) {
  return html.replace(CODE_BLOCK, (_, /** @type {string} */ code) => {
    const text = code.replace(/<br\s*\/?>/g, '\n').replace(/<\/?span[^>]*>/g, '');
    return `<pre class="mermaid">${text.trim()}\n</pre>`;
  });
}

/**
 * The tags that load Mermaid on a page at `pageUrl` (relative to the site root) and render its
 * diagrams in TypeDoc's current light or dark theme.
 *
 * @param {string} pageUrl
 * @returns {string}
 */
export function mermaidScripts(pageUrl) {
  const up = '../'.repeat(pageUrl.split('/').length - 1);
  return [
    `<script src="${up}assets/${MERMAID_ASSET}"></script>`,
    '<script>(function () {',
    '  var theme = document.documentElement.dataset.theme;',
    "  var dark = theme === 'dark' || (theme !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);",
    "  mermaid.initialize({ startOnLoad: true, theme: dark ? 'dark' : 'default', securityLevel: 'strict' });",
    '})();</script>',
  ].join('\n');
}

/**
 * The plugin's entry point.
 *
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  const bundle = createRequire(import.meta.url).resolve(MERMAID_BUNDLE);
  let used = false;
  app.renderer.on(Renderer.EVENT_BEGIN, () => {
    used = false;
  });
  app.renderer.on(Renderer.EVENT_END_PAGE, (page) => {
    if (page.contents === undefined) return;
    const html = mermaidBlocks(page.contents);
    if (html === page.contents) return;
    used = true;
    const end = html.lastIndexOf('</body>');
    page.contents = end === -1 ? html + mermaidScripts(page.url) : `${html.slice(0, end)}${mermaidScripts(page.url)}\n${html.slice(end)}`;
  });
  app.renderer.postRenderAsyncJobs.push(async (event) => {
    if (!used) return;
    const assets = join(event.outputDirectory, 'assets');
    await mkdir(assets, { recursive: true });
    await copyFile(bundle, join(assets, MERMAID_ASSET));
  });
}
