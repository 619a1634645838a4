// runtime.getURL for any path: WXT types it against the generated list of public
// paths (`wxt prepare`), which this project does not generate.
import { browser } from 'wxt/browser';

export const extensionUrl = (path: string): string =>
  (browser.runtime as unknown as { getURL(p: string): string }).getURL(path);
