// detmath.hpp — deterministic double-precision log, exp, sin and cos.
//
// Why not <cmath>: the C library's transcendental functions differ in their
// last bits between glibc (native builds) and musl (Emscripten), and we
// require bit-identical results native vs wasm. These use only + − × ÷,
// exact bit manipulation and floor, all correctly rounded IEEE operations, so
// every platform computes the same bits (with -ffp-contract=off, as the build
// sets).
//
// Accuracy: a few units in the last place (relative error ≲ 1e-15) over the
// whole double range for log and exp; for sin and cos when |x| ≤ 1e6 (larger
// arguments are still deterministic but lose accuracy, as the Cody–Waite
// range reduction used here is not exact there; no caller needs them).
// Deliberately left out: correct rounding, float versions (the kernels have
// their own, see kernels/math/exp.hpp).
#pragma once

namespace actlab {

double det_log(double x);  // x < 0 or NaN → NaN; 0 → −inf; +inf → +inf
double det_exp(double x);  // overflows to +inf above ≈709.78, underflows to 0 below ≈−745.13
double det_sin(double x);  // ±inf or NaN → NaN
double det_cos(double x);  // ±inf or NaN → NaN

}  // namespace actlab
