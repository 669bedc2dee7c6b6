;; 8-bit conversion of int16 slices on WebAssembly SIMD (int16Simd.ts loads it; the bytes are in
;; int16SimdWasm.ts, written by scripts/wasm/build-simd.mjs).
;;
;; minmax(src, n): min and max of n int16 values at src, 8 per i16x8.min_s / i16x8.max_s, packed
;;   as (max << 16) | (min & 0xffff). n = 0 gives min 32767, max -32768 (the caller handles it).
;; lookup(src, n, min, tab, out): out[i] = tab[src[i] - min] for n int16 values at src, bytes
;;   at tab and out (the caller guarantees min <= src[i] <= min + table length - 1).
(module
  (memory (export "memory") 1)
  (func $lanesMin (param $v v128) (result v128)
    (local.set $v (i16x8.min_s (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.min_s (local.get $v) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (i16x8.min_s (local.get $v) (i8x16.shuffle 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 (local.get $v) (local.get $v))))
  (func $lanesMax (param $v v128) (result v128)
    (local.set $v (i16x8.max_s (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.max_s (local.get $v) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (i16x8.max_s (local.get $v) (i8x16.shuffle 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 (local.get $v) (local.get $v))))
  (func (export "minmax") (param $src i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $v v128) (local $vmin v128) (local $vmax v128) (local $mn i32) (local $mx i32) (local $x i32)
    (local.set $vmin (i16x8.splat (i32.const 32767)))
    (local.set $vmax (i16x8.splat (i32.const -32768)))
    (local.set $i (local.get $src))
    ;; whole vectors: 8 values each
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (block $done (loop $vectors
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (local.get $i)))
      (local.set $vmin (i16x8.min_s (local.get $vmin) (local.get $v)))
      (local.set $vmax (i16x8.max_s (local.get $vmax) (local.get $v)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $vectors)))
    (local.set $mn (i16x8.extract_lane_s 0 (call $lanesMin (local.get $vmin))))
    (local.set $mx (i16x8.extract_lane_s 0 (call $lanesMax (local.get $vmax))))
    ;; the last n mod 8 values, one by one
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $x (i32.load16_s (local.get $i)))
      (if (i32.lt_s (local.get $x) (local.get $mn)) (then (local.set $mn (local.get $x))))
      (if (i32.gt_s (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $tail)))
    (i32.or (i32.shl (local.get $mx) (i32.const 16)) (i32.and (local.get $mn) (i32.const 0xffff))))
  (func (export "lookup") (param $src i32) (param $n i32) (param $min i32) (param $tab i32) (param $out i32)
    (local $i i32) (local $end i32) (local $base i32)
    (local.set $base (i32.sub (local.get $tab) (local.get $min)))
    (local.set $i (local.get $src))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done (loop $values
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (i32.store8 (local.get $out) (i32.load8_u (i32.add (local.get $base) (i32.load16_s (local.get $i)))))
      (local.set $out (i32.add (local.get $out) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $values))))
)
