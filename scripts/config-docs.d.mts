// Types of scripts/config-docs.mjs, for the TypeScript tests that import it.
import type { ConfigSchema } from '../web/src/lib/types';

export declare const BEGIN_MARKER: string;
export declare const END_MARKER: string;
/** The markdown of every section's field table, from a ConfigSchema. */
export declare function fieldTables(schema: ConfigSchema): string;
/** The generated block of a docs file's text, or undefined when the markers are missing. */
export declare function generatedBlock(text: string): string | undefined;
