// inline-css.d.ts — Vite's `?inline` CSS imports are the stylesheet's text
// (the embed adopts it as a constructed stylesheet in its shadow root).
declare module '*.css?inline' {
  const css: string;
  export default css;
}
