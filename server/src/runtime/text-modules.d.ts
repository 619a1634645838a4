// wrangler bundles `.html` imports as Text modules (its default module rules): the file's contents.
declare module '*.html' {
  const text: string;
  export default text;
}
