// katex-css.d.ts — the KaTeX stylesheet, imported for its side effect when the formulas first render.
declare module 'katex/dist/katex.min.css';
