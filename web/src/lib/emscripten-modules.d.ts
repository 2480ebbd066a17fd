// emscripten-modules.d.ts — types for the ES modules Emscripten generates into
// build/wasm (they ship no declarations of their own).
declare module '*/actlab-simd.mjs' {
  const factory: import('./raw-module').ActlabModuleFactory;
  export default factory;
}
declare module '*/actlab-scalar.mjs' {
  const factory: import('./raw-module').ActlabModuleFactory;
  export default factory;
}
