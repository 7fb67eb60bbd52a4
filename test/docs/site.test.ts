import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MERMAID_ASSET, mermaidBlocks } from '../../scripts/typedoc-mermaid.mjs';

const root = resolve(import.meta.dirname, '../..');
let site = '';
let pages: string[] = [];
const html = (page: string) => readFileSync(join(site, page), 'utf8');

beforeAll(() => {
  site = join(mkdtempSync(join(tmpdir(), 'pc-site-')), 'api');
  execFileSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', site, '--logLevel', 'Error'], { cwd: root, stdio: 'pipe' });
  pages = (readdirSync(site, { recursive: true }) as string[]).filter((f) => f.endsWith('.html'));
}, 180_000);

/** Mermaid markup of both lifecycle diagrams, as the site renders them (text HTML-escaped). */
const CONNECTION = '<pre class="mermaid">stateDiagram-v2\n  [*] --&gt; pending: request (manual approval)';
const SHARED_PROJECT = '<pre class="mermaid">stateDiagram-v2\n  [*] --&gt; pending: invite (host admin)';

describe('docs: the API site (npm run docs)', () => {
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
});
