import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ENTRIES, apiNames } from '../../scripts/api-report.js';
import { MERMAID_ASSET, mermaidBlocks } from '../../scripts/typedoc-mermaid.mjs';

const root = resolve(import.meta.dirname, '../..');
let site = '';
let pages: string[] = [];
/** What TypeDoc printed at level Warn and above. */
let log = '';
/** The same run's reflections (`typedoc --json`). */
let project: Reflection = { name: '' };
const html = (page: string) => readFileSync(join(site, page), 'utf8');

beforeAll(() => {
  site = join(mkdtempSync(join(tmpdir(), 'pc-site-')), 'api');
  const json = join(dirname(site), 'api.json');
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', site, '--json', json, '--logLevel', 'Warn'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`typedoc failed: ${run.stdout}${run.stderr}`);
  log = `${run.stdout}${run.stderr}`;
  project = JSON.parse(readFileSync(json, 'utf8')) as Reflection;
  pages = (readdirSync(site, { recursive: true }) as string[]).filter((f) => f.endsWith('.html'));
}, 180_000);

/** What the checks read of a reflection of `typedoc --json`. */
interface Reflection {
  readonly name: string;
  readonly children?: readonly Reflection[];
  readonly signatures?: readonly Reflection[];
  readonly comment?: { readonly modifierTags?: readonly string[]; readonly blockTags?: readonly { readonly tag: string }[] };
}

/** Every reflection under `r` (children and signatures, at any depth), with its path. */
function* reflections(r: Reflection, path: string): Generator<[string, Reflection]> {
  for (const c of [...(r.children ?? []), ...(r.signatures ?? [])]) {
    yield [`${path}.${c.name}`, c];
    yield* reflections(c, `${path}.${c.name}`);
  }
}

/** Whether a reflection or one of its signatures has the block tag. */
const hasBlockTag = (r: Reflection, tag: string) => [r, ...(r.signatures ?? [])].some((x) => x.comment?.blockTags?.some((t) => t.tag === tag));

/** Mermaid markup of both lifecycle diagrams, as the site renders them (text HTML-escaped). */
const CONNECTION = '<pre class="mermaid">stateDiagram-v2\n  [*] --&gt; pending: request (manual approval)';
const SHARED_PROJECT = '<pre class="mermaid">stateDiagram-v2\n  [*] --&gt; pending: invite (host admin)';

describe('docs: the API site (npm run docs)', () => {
  it('builds without a TypeDoc warning (no broken link, no referenced-but-undocumented type)', () => {
    expect(log.split('\n').filter((line) => line.includes('[warning]') && !line.includes('Found 0 errors'))).toEqual([]);
  });

  it('renders the lifecycle diagrams as Mermaid on the home page and in their guides', () => {
    expect(html('index.html')).toContain(CONNECTION);
    expect(html('index.html')).toContain(SHARED_PROJECT);
    expect(html('documents/docs_connection-lifecycle.html')).toContain(CONNECTION);
    expect(html('documents/docs_shared-projects.html')).toContain(SHARED_PROJECT);
    expect(pages.filter((p) => html(p).includes('<code class="mermaid">'))).toEqual([]);
  });

  it('loads Mermaid from the site itself (offline): every page with a diagram points at the copied bundle', () => {
    const withDiagrams = pages.filter((p) => html(p).includes('<pre class="mermaid">'));
    expect(withDiagrams).toEqual(expect.arrayContaining(['index.html', 'documents/docs_connection-lifecycle.html']));
    for (const page of withDiagrams) {
      const src = /<script src="([^"]*mermaid[^"]*)"><\/script>/.exec(html(page))?.[1];
      expect(src, page).toBeDefined();
      expect(existsSync(resolve(site, dirname(page), src ?? '')), `${page} → ${src}`).toBe(true);
    }
    expect(readFileSync(join(site, 'assets', MERMAID_ASSET), 'utf8')).toContain('globalThis["mermaid"]');
    expect(pages.filter((p) => /<script[^>]+src="https?:/.test(html(p)))).toEqual([]);
  });

  it('includes every guide of docs/*.md and the CHANGELOG as a document page', () => {
    const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
    expect(guides.length).toBeGreaterThan(10);
    for (const guide of guides) expect(pages, guide).toContain(`documents/docs_${guide.replace(/\.md$/, '.html')}`);
    expect(pages).toContain('documents/CHANGELOG.html');
  });

  it('has no link to a raw .md file, and every relative link resolves to a page of the site', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, href = ''] of html(page).matchAll(/href="([^"#?]*)[^"]*"/g)) {
        if (href === '' || /^[a-z]+:/.test(href)) continue;
        if (href.endsWith('.md')) broken.push(`${page} → ${href} (raw markdown)`);
        else if (!existsSync(resolve(site, dirname(page), decodeURIComponent(href)))) broken.push(`${page} → ${href} (missing)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the plugin turns a highlighted mermaid code block into Mermaid markup and leaves other code alone', () => {
    const block = '<pre><code class="mermaid"><span class="hl-1">graph LR</span><br/><span class="hl-1">  a --&gt; b</span></code><button>Copy</button></pre>';
    const ts = '<pre><code class="ts"><span>const a = 1;</span></code><button>Copy</button></pre>';
    expect(mermaidBlocks(block)).toBe('<pre class="mermaid">graph LR\n  a --&gt; b\n</pre>');
    expect(mermaidBlocks(ts)).toBe(ts);
  });

  it('shows no @internal symbol, and exactly the names the entries export (docs/api-report.md), each with @since', () => {
    const internal = [...reflections(project, '')].filter(([, r]) => r.comment?.modifierTags?.includes('@internal')).map(([p]) => p);
    expect(internal).toEqual([]);
    const names = apiNames();
    const modules = new Map((project.children ?? []).map((m) => [m.name, m]));
    expect([...modules.keys()].sort()).toEqual(API_ENTRIES.map((e) => e.file.replace(/^src\//, '').replace(/(\/index)?\.ts$/, '')).sort());
    for (const entry of API_ENTRIES) {
      const module = modules.get(entry.file.replace(/^src\//, '').replace(/(\/index)?\.ts$/, ''));
      const documented = (module?.children ?? []).map((r) => r.name).sort();
      expect(documented, entry.name).toEqual([...new Set((names.get(entry.name) ?? []).map((n) => n.name))].sort());
      expect((module?.children ?? []).filter((r) => !hasBlockTag(r, '@since')).map((r) => r.name), entry.name).toEqual([]);
    }
  }, 60_000);
});
