// pointer.ts — whether the reader points with a finger: on a touch screen
// with no hovering pointer, hints say "tap" and "swipe" instead of "click",
// "hover" and "scroll" (the Strings have a key for each).
export function prefersTap(): boolean {
  if (typeof matchMedia !== 'function') return false;
  return matchMedia('(pointer: coarse)').matches || matchMedia('(hover: none)').matches;
}
