// Types for scripts/build.mjs, so TypeScript tests can import it.
import type { BuildOptions } from 'esbuild';

export interface BuiltFile {
  file: string;
  /** Raw size in bytes. */
  bytes: number;
  /** Brotli size in bytes, quality 11. */
  brotli: number;
}

/** Property names of the widget's own objects that the widget build shortens. */
export declare const INTERNAL_PROPS: string[];
export declare const widgetBuilds: BuildOptions[];
export declare function sizeOf(file: string): BuiltFile;
export declare function buildWidget(): Promise<BuiltFile[]>;
