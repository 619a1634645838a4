// Types for scripts/build-dashboard.mjs, so TypeScript tests can import it.
import type { BuildOptions } from 'esbuild';
import type { BuiltFile } from './build.mjs';

export declare const dashboardBuild: BuildOptions;
export declare function buildDashboard(onInputs?: (files: string[]) => void): Promise<BuiltFile[]>;
