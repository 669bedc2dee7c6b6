;; The integer rescale of int16 / uint16 slices on WebAssembly SIMD (rescaleSimd.ts loads it; the
;; bytes are in rescaleSimdWasm.ts, written by scripts/wasm/build-simd.mjs).
;;
;; rescale_s(src, n, slope, intercept, dst) -> ok: dst[i] = src[i] * slope + intercept for n int16
;;   values at src, in i32 arithmetic, stored as int16 at dst (dst may equal src: each vector is
;;   read before it is written). ok (1) iff every value is in [-32768, 32767]; then dst is exact.
;;   Otherwise (0) dst holds saturated values, which the caller does not use.
;; rescale_u(...): the same for uint16 values at src.
;; The caller keeps |src[i] * slope| + |intercept| below 2^31, so the i32 results never wrap.
(module
  (memory (export "memory") 1)
  ;; ok iff the min lane of $vmin and $mn are >= -32768 and the max lane of $vmax and $mx <= 32767.
  (func $inRange (param $vmin v128) (param $vmax v128) (param $mn i32) (param $mx i32) (result i32)
    (local.set $vmin (i32x4.min_s (local.get $vmin) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vmin) (local.get $vmin))))
    (local.set $vmin (i32x4.min_s (local.get $vmin) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $vmin) (local.get $vmin))))
    (local.set $vmax (i32x4.max_s (local.get $vmax) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $vmax) (local.get $vmax))))
    (local.set $vmax (i32x4.max_s (local.get $vmax) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $vmax) (local.get $vmax))))
    (i32.and
      (i32.and (i32.ge_s (i32x4.extract_lane 0 (local.get $vmin)) (i32.const -32768)) (i32.ge_s (local.get $mn) (i32.const -32768)))
      (i32.and (i32.le_s (i32x4.extract_lane 0 (local.get $vmax)) (i32.const 32767)) (i32.le_s (local.get $mx) (i32.const 32767)))))
  (func (export "rescale_s") (param $src i32) (param $n i32) (param $slope i32) (param $inter i32) (param $dst i32) (result i32)
    (local $end i32) (local $v v128) (local $lo v128) (local $hi v128) (local $vs v128) (local $vi v128)
    (local $vmin v128) (local $vmax v128) (local $x i32) (local $mn i32) (local $mx i32)
    (local.set $vs (i32x4.splat (local.get $slope)))
    (local.set $vi (i32x4.splat (local.get $inter)))
    (local.set $vmin (i32x4.splat (i32.const 0x7fffffff)))
    (local.set $vmax (i32x4.splat (i32.const 0x80000000)))
    ;; whole vectors: 8 values each, widened to two i32x4, rescaled, narrowed back
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (block $done (loop $vectors
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $v (v128.load (local.get $src)))
      (local.set $lo (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_s (local.get $v)) (local.get $vs)) (local.get $vi)))
      (local.set $hi (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_s (local.get $v)) (local.get $vs)) (local.get $vi)))
      (local.set $vmin (i32x4.min_s (local.get $vmin) (i32x4.min_s (local.get $lo) (local.get $hi))))
      (local.set $vmax (i32x4.max_s (local.get $vmax) (i32x4.max_s (local.get $lo) (local.get $hi))))
      (v128.store (local.get $dst) (i16x8.narrow_i32x4_s (local.get $lo) (local.get $hi)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $vectors)))
    ;; the last n mod 8 values, one by one
    (local.set $mn (i32.const 0))
    (local.set $mx (i32.const 0))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $x (i32.add (i32.mul (i32.load16_s (local.get $src)) (local.get $slope)) (local.get $inter)))
      (if (i32.lt_s (local.get $x) (local.get $mn)) (then (local.set $mn (local.get $x))))
      (if (i32.gt_s (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
      (i32.store16 (local.get $dst) (local.get $x))
      (local.set $src (i32.add (local.get $src) (i32.const 2)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
      (br $tail)))
    (call $inRange (local.get $vmin) (local.get $vmax) (local.get $mn) (local.get $mx)))
  (func (export "rescale_u") (param $src i32) (param $n i32) (param $slope i32) (param $inter i32) (param $dst i32) (result i32)
    (local $end i32) (local $v v128) (local $lo v128) (local $hi v128) (local $vs v128) (local $vi v128)
    (local $vmin v128) (local $vmax v128) (local $x i32) (local $mn i32) (local $mx i32)
    (local.set $vs (i32x4.splat (local.get $slope)))
    (local.set $vi (i32x4.splat (local.get $inter)))
    (local.set $vmin (i32x4.splat (i32.const 0x7fffffff)))
    (local.set $vmax (i32x4.splat (i32.const 0x80000000)))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (block $done (loop $vectors
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $v (v128.load (local.get $src)))
      (local.set $lo (i32x4.add (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $v)) (local.get $vs)) (local.get $vi)))
      (local.set $hi (i32x4.add (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $v)) (local.get $vs)) (local.get $vi)))
      (local.set $vmin (i32x4.min_s (local.get $vmin) (i32x4.min_s (local.get $lo) (local.get $hi))))
      (local.set $vmax (i32x4.max_s (local.get $vmax) (i32x4.max_s (local.get $lo) (local.get $hi))))
      (v128.store (local.get $dst) (i16x8.narrow_i32x4_s (local.get $lo) (local.get $hi)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $vectors)))
    (local.set $mn (i32.const 0))
    (local.set $mx (i32.const 0))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $x (i32.add (i32.mul (i32.load16_u (local.get $src)) (local.get $slope)) (local.get $inter)))
      (if (i32.lt_s (local.get $x) (local.get $mn)) (then (local.set $mn (local.get $x))))
      (if (i32.gt_s (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
      (i32.store16 (local.get $dst) (local.get $x))
      (local.set $src (i32.add (local.get $src) (i32.const 2)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
      (br $tail)))
    (call $inRange (local.get $vmin) (local.get $vmax) (local.get $mn) (local.get $mx)))
)
