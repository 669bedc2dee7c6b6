;; NMI's per-pair work (nmi.cpu.ts) with WebAssembly: the 100 x 100 joint histogram of two
;; slices' bin indices and the sum of c log c over it. Source of nmiSimdWasm.ts (npm run
;; build:wasm); nmiSimd.ts lays out memory and does the per-slice part in TypeScript.
;;
;; The result is bit-identical to the float64 reference: counts are exact integers, and the sum
;; visits the same cells (used rows of A x used columns of B, both ascending) in the same order,
;; adding the same float64 table entries c log c. SIMD forms 16 cell indices a*100 + b at a time;
;; the increments are scalar, spread over four histogram copies so that runs of equal pixels
;; (air, flat tissue) do not wait on one counter.
;;
;; Memory (byte offsets, laid out by the caller):
;;   $hist: 4 copies of 10000 int32 counts, 40000 bytes apart, all zero between calls;
;;   $a, $b: n bin indices (0..99, uint8) each, with 16 readable bytes after them;
;;   $usedA, $usedB: ascending used bins (uint8); $table: float64 c log c for c = 0..n.
(module
  (memory (export "memory") 1)

  (func (export "histogram") (param $a i32) (param $b i32) (param $n i32) (param $hist i32)
    (local $i i32) (local $end i32) (local $va v128) (local $vb v128) (local $lo v128) (local $hi v128)
    (local $p i32) (local $hundred v128)
    (local.set $hundred (i16x8.splat (i32.const 100)))
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $va (v128.load (i32.add (local.get $a) (local.get $i))))
      (local.set $vb (v128.load (i32.add (local.get $b) (local.get $i))))
      (local.set $lo (i16x8.add (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $va)) (local.get $hundred))
                                (i16x8.extend_low_i8x16_u (local.get $vb))))
      (local.set $hi (i16x8.add (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $va)) (local.get $hundred))
                                (i16x8.extend_high_i8x16_u (local.get $vb))))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 0 (local.get $lo)) (i32.const 2))))
      (i32.store offset=0 (local.get $p) (i32.add (i32.load offset=0 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 1 (local.get $lo)) (i32.const 2))))
      (i32.store offset=40000 (local.get $p) (i32.add (i32.load offset=40000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 2 (local.get $lo)) (i32.const 2))))
      (i32.store offset=80000 (local.get $p) (i32.add (i32.load offset=80000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 3 (local.get $lo)) (i32.const 2))))
      (i32.store offset=120000 (local.get $p) (i32.add (i32.load offset=120000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 4 (local.get $lo)) (i32.const 2))))
      (i32.store offset=0 (local.get $p) (i32.add (i32.load offset=0 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 5 (local.get $lo)) (i32.const 2))))
      (i32.store offset=40000 (local.get $p) (i32.add (i32.load offset=40000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 6 (local.get $lo)) (i32.const 2))))
      (i32.store offset=80000 (local.get $p) (i32.add (i32.load offset=80000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 7 (local.get $lo)) (i32.const 2))))
      (i32.store offset=120000 (local.get $p) (i32.add (i32.load offset=120000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 0 (local.get $hi)) (i32.const 2))))
      (i32.store offset=0 (local.get $p) (i32.add (i32.load offset=0 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 1 (local.get $hi)) (i32.const 2))))
      (i32.store offset=40000 (local.get $p) (i32.add (i32.load offset=40000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 2 (local.get $hi)) (i32.const 2))))
      (i32.store offset=80000 (local.get $p) (i32.add (i32.load offset=80000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 3 (local.get $hi)) (i32.const 2))))
      (i32.store offset=120000 (local.get $p) (i32.add (i32.load offset=120000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 4 (local.get $hi)) (i32.const 2))))
      (i32.store offset=0 (local.get $p) (i32.add (i32.load offset=0 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 5 (local.get $hi)) (i32.const 2))))
      (i32.store offset=40000 (local.get $p) (i32.add (i32.load offset=40000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 6 (local.get $hi)) (i32.const 2))))
      (i32.store offset=80000 (local.get $p) (i32.add (i32.load offset=80000 (local.get $p)) (i32.const 1)))
      (local.set $p (i32.add (local.get $hist) (i32.shl (i16x8.extract_lane_u 7 (local.get $hi)) (i32.const 2))))
      (i32.store offset=120000 (local.get $p) (i32.add (i32.load offset=120000 (local.get $p)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    ;; The last n mod 16 pixels, into copy 0.
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $p (i32.add (local.get $hist) (i32.shl
        (i32.add (i32.mul (i32.load8_u (i32.add (local.get $a) (local.get $i))) (i32.const 100))
                 (i32.load8_u (i32.add (local.get $b) (local.get $i))))
        (i32.const 2))))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; Per slice: (max << 8) | min of n uint8 pixels (16 at a time; n >= 1; 16 readable bytes after).
  (func (export "minmax") (param $x i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $lo v128) (local $hi v128) (local $v v128) (local $mn i32) (local $mx i32) (local $p i32)
    (local.set $lo (i8x16.splat (i32.const 255)))
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $i))))
      (local.set $lo (i8x16.min_u (local.get $lo) (local.get $v)))
      (local.set $hi (i8x16.max_u (local.get $hi) (local.get $v)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $mn (i32.const 255))
    (local.set $mx (i32.const 0))
    ;; Fold the 16 lanes: compare lane 0, rotate by one byte, 16 times.
    (local.set $p (i32.const 0))
    (block $lanesDone (loop $lanes
      (br_if $lanesDone (i32.ge_u (local.get $p) (i32.const 16)))
      (local.set $mn (select (local.get $mn) (i8x16.extract_lane_u 0 (local.get $lo)) (i32.lt_u (local.get $mn) (i8x16.extract_lane_u 0 (local.get $lo)))))
      (local.set $mx (select (local.get $mx) (i8x16.extract_lane_u 0 (local.get $hi)) (i32.gt_u (local.get $mx) (i8x16.extract_lane_u 0 (local.get $hi)))))
      (local.set $lo (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 (local.get $lo) (local.get $lo)))
      (local.set $hi (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 (local.get $hi) (local.get $hi)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $lanes)))
    ;; The last n mod 16 pixels.
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $p (i32.load8_u (i32.add (local.get $x) (local.get $i))))
      (local.set $mn (select (local.get $mn) (local.get $p) (i32.lt_u (local.get $mn) (local.get $p))))
      (local.set $mx (select (local.get $mx) (local.get $p) (i32.gt_u (local.get $mx) (local.get $p))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail)))
    (i32.or (i32.shl (local.get $mx) (i32.const 8)) (local.get $mn)))

  ;; Per slice: dst[i] = lut[x[i]] (bin indices from the 256-entry table) and counts[dst[i]]++
  ;; (the marginal histogram, int32 counts, zero on entry), over n pixels.
  (func (export "bin") (param $x i32) (param $lut i32) (param $dst i32) (param $n i32) (param $counts i32)
    (local $i i32) (local $b i32) (local $p i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $b (i32.load8_u (i32.add (local.get $lut) (i32.load8_u (i32.add (local.get $x) (local.get $i))))))
      (i32.store8 (i32.add (local.get $dst) (local.get $i)) (local.get $b))
      (local.set $p (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; sum of table[c] over non-zero cells (row-major over used rows x used columns), zeroing them.
  (func (export "entropy_sum") (param $hist i32) (param $usedA i32) (param $na i32) (param $usedB i32) (param $nb i32)
                               (param $table i32) (result f64)
    (local $r i32) (local $q i32) (local $base i32) (local $p i32) (local $c i32) (local $s f64)
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $na)))
      (local.set $base (i32.mul (i32.load8_u (i32.add (local.get $usedA) (local.get $r))) (i32.const 100)))
      (local.set $q (i32.const 0))
      (block $colsDone (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $q) (local.get $nb)))
        (local.set $p (i32.add (local.get $hist) (i32.shl
          (i32.add (local.get $base) (i32.load8_u (i32.add (local.get $usedB) (local.get $q)))) (i32.const 2))))
        (local.set $c (i32.add
          (i32.add (i32.load offset=0 (local.get $p)) (i32.load offset=40000 (local.get $p)))
          (i32.add (i32.load offset=80000 (local.get $p)) (i32.load offset=120000 (local.get $p)))))
        (if (local.get $c)
          (then
            (local.set $s (f64.add (local.get $s)
              (f64.load (i32.add (local.get $table) (i32.shl (local.get $c) (i32.const 3))))))
            (i32.store offset=0 (local.get $p) (i32.const 0))
            (i32.store offset=40000 (local.get $p) (i32.const 0))
            (i32.store offset=80000 (local.get $p) (i32.const 0))
            (i32.store offset=120000 (local.get $p) (i32.const 0))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $cols)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (local.get $s))
)
