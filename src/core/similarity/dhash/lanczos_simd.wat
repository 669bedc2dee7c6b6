;; Horizontal pass of Pillow's 8-bit LANCZOS resize (ImagingResampleHorizontal_8bpc) with 128-bit
;; WebAssembly SIMD. Source of src/core/similarity/dhash/lanczosSimdWasm.ts (npm run build:wasm);
;; the JavaScript side (lanczosSimd.ts) lays out memory and falls back to plain JS without SIMD.
;;
;; Each fixed-point coefficient k (|k| < 2^26) is split as k = kh * 2^11 + kl with kl = k & 0x7ff
;; (0..2047) and kh = k >> 11 (arithmetic), both int16, so that
;;   sum px * k = 2^11 * sum px * kh + sum px * kl,
;; each computed 8 taps at a time with i32x4.dot_i16x8_s on pixels widened to int16. All int32
;; arithmetic here wraps modulo 2^32, and so does the reference's final (int32) conversion, so
;; the result equals the reference bit for bit whatever the partial sums do.
;;
;; Memory, all offsets in bytes, prepared by the caller:
;;   $tab:  per output xx, two int32: byte offset of its first source pixel in a row, and the
;;          number of 8-tap vectors (count rounded up to a multiple of 8, divided by 8).
;;   $coef: per output xx in order, per vector: 8 kh (int16) then 8 kl (int16) = 32 bytes; taps
;;          past count have kh = kl = 0.
;;   $src:  `rows` rows of srcW uint8 pixels, followed by at least 8 readable bytes (the last
;;          vector of a row may read up to 7 bytes past the row; their coefficients are 0).
;;   $out:  rows * dstW uint8 results, row-major.
(module
  (memory (export "memory") 1)

  ;; clamp((2^21 + sum of the four lanes of v) >> 22, 0, 255): clip8 of Resample.c.
  (func $clip8 (param $v v128) (result i32)
    (local $s i32)
    (local.set $s
      (i32.shr_s
        (i32.add
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
            (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))
          (i32.const 0x200000))
        (i32.const 22)))
    (select
      (i32.const 0)
      (select (i32.const 255) (local.get $s) (i32.gt_s (local.get $s) (i32.const 255)))
      (i32.lt_s (local.get $s) (i32.const 0))))

  ;; 2^11 * hi + lo, lane by lane.
  (func $combine (param $hi v128) (param $lo v128) (result v128)
    (i32x4.add (i32x4.shl (local.get $hi) (i32.const 11)) (local.get $lo)))

  ;; Four rows at once, sharing each coefficient load: rows y..y+3 starting at $row.
  (func $fourRows (param $row i32) (param $srcW i32) (param $dstW i32) (param $tab i32)
                  (param $kp i32) (param $out i32)
    (local $end i32) (local $p i32) (local $n i32) (local $px v128) (local $kh v128) (local $kl v128)
    (local $h0 v128) (local $l0 v128) (local $h1 v128) (local $l1 v128)
    (local $h2 v128) (local $l2 v128) (local $h3 v128) (local $l3 v128)
    (local.set $end (i32.add (local.get $out) (local.get $dstW)))
    (block $done
      (br_if $done (i32.eqz (local.get $dstW)))
      (loop $outputs
        (local.set $p (i32.add (local.get $row) (i32.load (local.get $tab))))
        (local.set $n (i32.load offset=4 (local.get $tab)))
        (local.set $h0 (v128.const i64x2 0 0)) (local.set $l0 (v128.const i64x2 0 0))
        (local.set $h1 (v128.const i64x2 0 0)) (local.set $l1 (v128.const i64x2 0 0))
        (local.set $h2 (v128.const i64x2 0 0)) (local.set $l2 (v128.const i64x2 0 0))
        (local.set $h3 (v128.const i64x2 0 0)) (local.set $l3 (v128.const i64x2 0 0))
        (block $noTaps
          (br_if $noTaps (i32.eqz (local.get $n)))
          (loop $taps
            (local.set $kh (v128.load (local.get $kp)))
            (local.set $kl (v128.load offset=16 (local.get $kp)))
            (local.set $px (v128.load8x8_u (local.get $p)))
            (local.set $h0 (i32x4.add (local.get $h0) (i32x4.dot_i16x8_s (local.get $px) (local.get $kh))))
            (local.set $l0 (i32x4.add (local.get $l0) (i32x4.dot_i16x8_s (local.get $px) (local.get $kl))))
            (local.set $px (v128.load8x8_u (i32.add (local.get $p) (local.get $srcW))))
            (local.set $h1 (i32x4.add (local.get $h1) (i32x4.dot_i16x8_s (local.get $px) (local.get $kh))))
            (local.set $l1 (i32x4.add (local.get $l1) (i32x4.dot_i16x8_s (local.get $px) (local.get $kl))))
            (local.set $px (v128.load8x8_u (i32.add (local.get $p) (i32.shl (local.get $srcW) (i32.const 1)))))
            (local.set $h2 (i32x4.add (local.get $h2) (i32x4.dot_i16x8_s (local.get $px) (local.get $kh))))
            (local.set $l2 (i32x4.add (local.get $l2) (i32x4.dot_i16x8_s (local.get $px) (local.get $kl))))
            (local.set $px (v128.load8x8_u (i32.add (local.get $p) (i32.mul (local.get $srcW) (i32.const 3)))))
            (local.set $h3 (i32x4.add (local.get $h3) (i32x4.dot_i16x8_s (local.get $px) (local.get $kh))))
            (local.set $l3 (i32x4.add (local.get $l3) (i32x4.dot_i16x8_s (local.get $px) (local.get $kl))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $kp (i32.add (local.get $kp) (i32.const 32)))
            (br_if $taps (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
        (i32.store8 (local.get $out) (call $clip8 (call $combine (local.get $h0) (local.get $l0))))
        (i32.store8 (i32.add (local.get $out) (local.get $dstW))
          (call $clip8 (call $combine (local.get $h1) (local.get $l1))))
        (i32.store8 (i32.add (local.get $out) (i32.shl (local.get $dstW) (i32.const 1)))
          (call $clip8 (call $combine (local.get $h2) (local.get $l2))))
        (i32.store8 (i32.add (local.get $out) (i32.mul (local.get $dstW) (i32.const 3)))
          (call $clip8 (call $combine (local.get $h3) (local.get $l3))))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $tab (i32.add (local.get $tab) (i32.const 8)))
        (br_if $outputs (i32.ne (local.get $out) (local.get $end))))))

  ;; One row starting at $row.
  (func $oneRow (param $row i32) (param $dstW i32) (param $tab i32) (param $kp i32) (param $out i32)
    (local $end i32) (local $p i32) (local $n i32) (local $px v128) (local $h v128) (local $l v128)
    (local.set $end (i32.add (local.get $out) (local.get $dstW)))
    (block $done
      (br_if $done (i32.eqz (local.get $dstW)))
      (loop $outputs
        (local.set $p (i32.add (local.get $row) (i32.load (local.get $tab))))
        (local.set $n (i32.load offset=4 (local.get $tab)))
        (local.set $h (v128.const i64x2 0 0))
        (local.set $l (v128.const i64x2 0 0))
        (block $noTaps
          (br_if $noTaps (i32.eqz (local.get $n)))
          (loop $taps
            (local.set $px (v128.load8x8_u (local.get $p)))
            (local.set $h (i32x4.add (local.get $h) (i32x4.dot_i16x8_s (local.get $px) (v128.load (local.get $kp)))))
            (local.set $l (i32x4.add (local.get $l) (i32x4.dot_i16x8_s (local.get $px) (v128.load offset=16 (local.get $kp)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $kp (i32.add (local.get $kp) (i32.const 32)))
            (br_if $taps (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
        (i32.store8 (local.get $out) (call $clip8 (call $combine (local.get $h) (local.get $l))))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $tab (i32.add (local.get $tab) (i32.const 8)))
        (br_if $outputs (i32.ne (local.get $out) (local.get $end))))))

  ;; Horizontal pass over `rows` rows of srcW pixels at $src into rows × dstW bytes at $out.
  (func (export "resampleHorizontal")
        (param $src i32) (param $srcW i32) (param $rows i32) (param $dstW i32)
        (param $tab i32) (param $coef i32) (param $out i32)
    (local $y i32)
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.gt_u (i32.add (local.get $y) (i32.const 4)) (local.get $rows)))
        (call $fourRows (local.get $src) (local.get $srcW) (local.get $dstW) (local.get $tab)
                        (local.get $coef) (local.get $out))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $srcW) (i32.const 2))))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $dstW) (i32.const 2))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $four)))
    (block $oneDone
      (loop $one
        (br_if $oneDone (i32.ge_u (local.get $y) (local.get $rows)))
        (call $oneRow (local.get $src) (local.get $dstW) (local.get $tab) (local.get $coef) (local.get $out))
        (local.set $src (i32.add (local.get $src) (local.get $srcW)))
        (local.set $out (i32.add (local.get $out) (local.get $dstW)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $one))))
)
