/** Types of the TypeDoc plugin `scripts/typedoc-mermaid.mjs` (plain JavaScript, loaded by TypeDoc). */
import type { Application } from 'typedoc';

/** The name of the Mermaid bundle in the site's `assets/`. */
export declare const MERMAID_ASSET: string;
/** `html` with every rendered ```mermaid code block turned into `<pre class="mermaid">`. */
export declare function mermaidBlocks(html: string): string;
/** The tags that load Mermaid on a page at `pageUrl` (relative to the site root). */
export declare function mermaidScripts(pageUrl: string): string;
/** The plugin's entry point. */
export declare function load(app: Application): void;
