;; SSIM's fast form (ssim.cpu.ts) in float64 with 128-bit WebAssembly SIMD, two pixels per
;; instruction. Source of ssimSimdWasm.ts (npm run build:wasm); ssimSimd.ts lays out memory.
;;
;; Why float64: a float32 version (four pixels per instruction) was measured at up to 1.4e-6 from
;; the reference on the golden volume: SSIM subtracts G*(xy) - mu_x mu_y, two numbers near
;; 65025 on bright flat regions, and float32's ulp there (0.004) is then divided by C2 = 58.5.
;;
;; The blur is the "valid" 11-tap Gaussian of validBlur.cpu.ts (axis 0, then axis 1; the crop of
;; skimage's mean is the window radius, so no boundary is ever read). Pixels are centred first,
;; x' = x - c, which leaves variances and covariances unchanged (c = 0 in use). Per slice
;; (stats): mu' = G*x', v = G*x'^2 - mu'^2. Per pair: vxy = G*(x'y') - mu'x mu'y, mu = mu' + c,
;;   S = ((2 mux muy + C1)(2 vxy + C2)) / ((mux^2 + muy^2 + C1)(vx + vy + C2)),
;; summed over the interior. Same formulas as the reference, but sums in another order, so equal
;; to it within rounding (~1e-15), not bit for bit.
;;
;; Memory (byte offsets, laid out by the caller; every buffer has 128 readable bytes after it):
;;   0..47  taps w0..w5 (f64; w[5-k] = w[5+k]), 48 C1, 56 C2, 64 c (f64), 72 c (i32)
;;   images: rows x cols f64, row stride cols; maps: outRows x outCols f64, row stride outCols.
;; Vectors that run past a row's end compute a garbage lane: stores spill into the next row,
;; which is written after (or into the padding), and ssim_sum masks that lane out.
(module
  (memory (export "memory") 1)

  (func $w (param $k i32) (result v128)
    (f64x2.splat (f64.load (i32.shl (local.get $k) (i32.const 3)))))

  ;; Four int32 lanes to four float64 at p (two stores).
  (func $store4 (param $p i32) (param $v v128)
    (v128.store offset=0 (local.get $p) (f64x2.convert_low_i32x4_s (local.get $v)))
    (v128.store offset=16 (local.get $p)
      (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))

  ;; dst[i] = f64(x[i] - c), i in [0, n) (n rounded up to 16).
  (func (export "centre") (param $x i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $c v128) (local $v v128) (local $lo v128) (local $hi v128) (local $p i32)
    (local.set $c (i16x8.splat (i32.load (i32.const 72))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $i))))
      (local.set $lo (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $v)) (local.get $c)))
      (local.set $hi (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $v)) (local.get $c)))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
      (call $store4 (local.get $p) (i32x4.extend_low_i16x8_s (local.get $lo)))
      (call $store4 (i32.add (local.get $p) (i32.const 32)) (i32x4.extend_high_i16x8_s (local.get $lo)))
      (call $store4 (i32.add (local.get $p) (i32.const 64)) (i32x4.extend_low_i16x8_s (local.get $hi)))
      (call $store4 (i32.add (local.get $p) (i32.const 96)) (i32x4.extend_high_i16x8_s (local.get $hi)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; dst[i] = f64((x[i] - c)(y[i] - c)), exact in int32 before the conversion.
  (func $product (export "product") (param $x i32) (param $y i32) (param $dst i32) (param $n i32)
    (local $i i32) (local $c v128) (local $a v128) (local $b v128) (local $xl v128) (local $xh v128)
    (local $yl v128) (local $yh v128) (local $p i32)
    (local.set $c (i16x8.splat (i32.load (i32.const 72))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (v128.load (i32.add (local.get $x) (local.get $i))))
      (local.set $b (v128.load (i32.add (local.get $y) (local.get $i))))
      (local.set $xl (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $a)) (local.get $c)))
      (local.set $xh (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $a)) (local.get $c)))
      (local.set $yl (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $b)) (local.get $c)))
      (local.set $yh (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $b)) (local.get $c)))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3))))
      (call $store4 (local.get $p) (i32x4.extmul_low_i16x8_s (local.get $xl) (local.get $yl)))
      (call $store4 (i32.add (local.get $p) (i32.const 32)) (i32x4.extmul_high_i16x8_s (local.get $xl) (local.get $yl)))
      (call $store4 (i32.add (local.get $p) (i32.const 64)) (i32x4.extmul_low_i16x8_s (local.get $xh) (local.get $yh)))
      (call $store4 (i32.add (local.get $p) (i32.const 96)) (i32x4.extmul_high_i16x8_s (local.get $xh) (local.get $yh)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; Axis 0: dst[r][c] = sum_k w_k src[r + k][c] for r < rows - 10, all columns.
  (func (export "vblur") (param $src i32) (param $dst i32) (param $outRows i32) (param $cols i32)
    (local $s i32) (local $d i32) (local $end i32) (local $st i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $w5 v128)
    (local.set $w0 (call $w (i32.const 0))) (local.set $w1 (call $w (i32.const 1)))
    (local.set $w2 (call $w (i32.const 2))) (local.set $w3 (call $w (i32.const 3)))
    (local.set $w4 (call $w (i32.const 4))) (local.set $w5 (call $w (i32.const 5)))
    (local.set $st (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $s (local.get $src))
    (local.set $d (local.get $dst))
    (local.set $end (i32.add (local.get $dst) (i32.mul (local.get $outRows) (local.get $st))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $d) (local.get $end)))
      (v128.store (local.get $d)
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $w0) (f64x2.add (v128.load (local.get $s))
                (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 10))))))
              (f64x2.mul (local.get $w1) (f64x2.add (v128.load (i32.add (local.get $s) (local.get $st)))
                (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 9)))))))
            (f64x2.add
              (f64x2.mul (local.get $w2) (f64x2.add (v128.load (i32.add (local.get $s) (i32.shl (local.get $st) (i32.const 1))))
                (v128.load (i32.add (local.get $s) (i32.shl (local.get $st) (i32.const 3))))))
              (f64x2.mul (local.get $w3) (f64x2.add (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 3))))
                (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 7))))))))
          (f64x2.add
            (f64x2.mul (local.get $w4) (f64x2.add (v128.load (i32.add (local.get $s) (i32.shl (local.get $st) (i32.const 2))))
              (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 6))))))
            (f64x2.mul (local.get $w5) (v128.load (i32.add (local.get $s) (i32.mul (local.get $st) (i32.const 5))))))))
      (local.set $s (i32.add (local.get $s) (i32.const 16)))
      (local.set $d (i32.add (local.get $d) (i32.const 16)))
      (br $l))))

  ;; Axis 1 at p (a row of the axis-0 output): sum_k w_k v[c + k], two columns.
  (func $hsum (param $p i32)
              (param $w0 v128) (param $w1 v128) (param $w2 v128) (param $w3 v128) (param $w4 v128) (param $w5 v128)
              (result v128)
    (f64x2.add
      (f64x2.add
        (f64x2.add
          (f64x2.mul (local.get $w0) (f64x2.add (v128.load offset=0 (local.get $p)) (v128.load offset=80 (local.get $p))))
          (f64x2.mul (local.get $w1) (f64x2.add (v128.load offset=8 (local.get $p)) (v128.load offset=72 (local.get $p)))))
        (f64x2.add
          (f64x2.mul (local.get $w2) (f64x2.add (v128.load offset=16 (local.get $p)) (v128.load offset=64 (local.get $p))))
          (f64x2.mul (local.get $w3) (f64x2.add (v128.load offset=24 (local.get $p)) (v128.load offset=56 (local.get $p))))))
      (f64x2.add
        (f64x2.mul (local.get $w4) (f64x2.add (v128.load offset=32 (local.get $p)) (v128.load offset=48 (local.get $p))))
        (f64x2.mul (local.get $w5) (v128.load offset=40 (local.get $p))))))

  ;; Axis 1 into a map: dst[r][c] = sum_k w_k v[r][c + k], c < outCols (= cols - 10).
  (func (export "hblur") (param $v i32) (param $dst i32) (param $outRows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $outCols i32) (local $row i32) (local $d i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $w5 v128)
    (local.set $w0 (call $w (i32.const 0))) (local.set $w1 (call $w (i32.const 1)))
    (local.set $w2 (call $w (i32.const 2))) (local.set $w3 (call $w (i32.const 3)))
    (local.set $w4 (call $w (i32.const 4))) (local.set $w5 (call $w (i32.const 5)))
    (local.set $outCols (i32.sub (local.get $cols) (i32.const 10)))
    (local.set $d (local.get $dst))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $outRows)))
      (local.set $row (i32.add (local.get $v) (i32.shl (i32.mul (local.get $r) (local.get $cols)) (i32.const 3))))
      (local.set $c (i32.const 0))
      (block $colsDone (loop $cs
        (br_if $colsDone (i32.ge_u (local.get $c) (local.get $outCols)))
        (v128.store (i32.add (local.get $d) (i32.shl (local.get $c) (i32.const 3)))
          (call $hsum (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 3)))
            (local.get $w0) (local.get $w1) (local.get $w2) (local.get $w3) (local.get $w4) (local.get $w5)))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $cs)))
      (local.set $d (i32.add (local.get $d) (i32.shl (local.get $outCols) (i32.const 3))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; v[i] -= mu[i]^2, i in [0, n) (n rounded up to 2): G*x'^2 - mu'^2.
  (func (export "variance") (param $mu i32) (param $v i32) (param $n i32)
    (local $i i32) (local $m v128)
    (local.set $n (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $m (v128.load (i32.add (local.get $mu) (local.get $i))))
      (v128.store (i32.add (local.get $v) (local.get $i))
        (f64x2.sub (v128.load (i32.add (local.get $v) (local.get $i))) (f64x2.mul (local.get $m) (local.get $m))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l))))

  ;; Axis 0 for one output row from the ring of 11 product rows: slot (s + k) mod 11 holds row r + k.
  (func $vrow (param $ring i32) (param $s i32) (param $rb i32) (param $dst i32) (param $cols i32)
    (local $c i32) (local $o i32) (local $end i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $p4 i32) (local $p5 i32)
    (local $p6 i32) (local $p7 i32) (local $p8 i32) (local $p9 i32) (local $p10 i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $w5 v128)
    (local.set $p0 (call $slot (local.get $ring) (local.get $s) (i32.const 0) (local.get $rb)))
    (local.set $p1 (call $slot (local.get $ring) (local.get $s) (i32.const 1) (local.get $rb)))
    (local.set $p2 (call $slot (local.get $ring) (local.get $s) (i32.const 2) (local.get $rb)))
    (local.set $p3 (call $slot (local.get $ring) (local.get $s) (i32.const 3) (local.get $rb)))
    (local.set $p4 (call $slot (local.get $ring) (local.get $s) (i32.const 4) (local.get $rb)))
    (local.set $p5 (call $slot (local.get $ring) (local.get $s) (i32.const 5) (local.get $rb)))
    (local.set $p6 (call $slot (local.get $ring) (local.get $s) (i32.const 6) (local.get $rb)))
    (local.set $p7 (call $slot (local.get $ring) (local.get $s) (i32.const 7) (local.get $rb)))
    (local.set $p8 (call $slot (local.get $ring) (local.get $s) (i32.const 8) (local.get $rb)))
    (local.set $p9 (call $slot (local.get $ring) (local.get $s) (i32.const 9) (local.get $rb)))
    (local.set $p10 (call $slot (local.get $ring) (local.get $s) (i32.const 10) (local.get $rb)))
    (local.set $w0 (call $w (i32.const 0))) (local.set $w1 (call $w (i32.const 1)))
    (local.set $w2 (call $w (i32.const 2))) (local.set $w3 (call $w (i32.const 3)))
    (local.set $w4 (call $w (i32.const 4))) (local.set $w5 (call $w (i32.const 5)))
    (local.set $end (i32.shl (local.get $cols) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (v128.store (i32.add (local.get $dst) (local.get $o))
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.mul (local.get $w0) (f64x2.add (v128.load (i32.add (local.get $p0) (local.get $o))) (v128.load (i32.add (local.get $p10) (local.get $o)))))
              (f64x2.mul (local.get $w1) (f64x2.add (v128.load (i32.add (local.get $p1) (local.get $o))) (v128.load (i32.add (local.get $p9) (local.get $o))))))
            (f64x2.add
              (f64x2.mul (local.get $w2) (f64x2.add (v128.load (i32.add (local.get $p2) (local.get $o))) (v128.load (i32.add (local.get $p8) (local.get $o)))))
              (f64x2.mul (local.get $w3) (f64x2.add (v128.load (i32.add (local.get $p3) (local.get $o))) (v128.load (i32.add (local.get $p7) (local.get $o)))))))
          (f64x2.add
            (f64x2.mul (local.get $w4) (f64x2.add (v128.load (i32.add (local.get $p4) (local.get $o))) (v128.load (i32.add (local.get $p6) (local.get $o)))))
            (f64x2.mul (local.get $w5) (v128.load (i32.add (local.get $p5) (local.get $o)))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $l))))

  (func $slot (param $ring i32) (param $s i32) (param $k i32) (param $rb i32) (result i32)
    (i32.add (local.get $ring) (i32.mul (i32.rem_u (i32.add (local.get $s) (local.get $k)) (i32.const 11)) (local.get $rb))))

  ;; SSIM of one pair, summed over the interior. Strip-mined: the products x'y' live in a ring of
  ;; 11 rows ($ring, $rb bytes per row, each at least cols + 16 values) and each row's axis-0 pass in
  ;; $vrowBuf, so nothing image-sized is written per pair; axis 1 is fused with the SSIM term.
  ;; $x, $y: pixels; $mx, $my: mu' maps; $vx, $vy: variance maps.
  (func (export "ssim_pair") (param $x i32) (param $y i32) (param $mx i32) (param $my i32) (param $vx i32) (param $vy i32)
                             (param $outRows i32) (param $cols i32) (param $ring i32) (param $rb i32) (param $vrowBuf i32) (result f64)
    (local $k i32)
    (local $r i32) (local $c i32) (local $outCols i32) (local $row i32) (local $j i32)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128) (local $w5 v128)
    (local $c1 v128) (local $c2 v128) (local $ctr v128) (local $two v128)
    (local $a v128) (local $b v128) (local $ma v128) (local $mb v128) (local $s v128)
    (local $acc0 v128)
    (local.set $w0 (call $w (i32.const 0))) (local.set $w1 (call $w (i32.const 1)))
    (local.set $w2 (call $w (i32.const 2))) (local.set $w3 (call $w (i32.const 3)))
    (local.set $w4 (call $w (i32.const 4))) (local.set $w5 (call $w (i32.const 5)))
    (local.set $c1 (f64x2.splat (f64.load (i32.const 48))))
    (local.set $c2 (f64x2.splat (f64.load (i32.const 56))))
    (local.set $ctr (f64x2.splat (f64.load (i32.const 64))))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $outCols (i32.sub (local.get $cols) (i32.const 10)))
    ;; Rows 0..9 of x'y' into slots 0..9.
    (block $primed (loop $prime
      (br_if $primed (i32.ge_u (local.get $k) (i32.const 10)))
      (call $product (i32.add (local.get $x) (i32.mul (local.get $k) (local.get $cols)))
                     (i32.add (local.get $y) (i32.mul (local.get $k) (local.get $cols)))
                     (i32.add (local.get $ring) (i32.mul (local.get $k) (local.get $rb))) (local.get $cols))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $prime)))
    (local.set $row (local.get $vrowBuf))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $outRows)))
      ;; Row r + 10 of x'y' into slot (r + 10) mod 11, then the axis-0 pass of output row r.
      (local.set $k (i32.add (local.get $r) (i32.const 10)))
      (call $product (i32.add (local.get $x) (i32.mul (local.get $k) (local.get $cols)))
                     (i32.add (local.get $y) (i32.mul (local.get $k) (local.get $cols)))
                     (i32.add (local.get $ring) (i32.mul (i32.rem_u (local.get $k) (i32.const 11)) (local.get $rb))) (local.get $cols))
      (call $vrow (local.get $ring) (i32.rem_u (local.get $r) (i32.const 11)) (local.get $rb) (local.get $vrowBuf) (local.get $cols))
      (local.set $c (i32.const 0))
      (block $colsDone (loop $cs
        (br_if $colsDone (i32.ge_u (local.get $c) (local.get $outCols)))
        (local.set $j (i32.shl (i32.add (i32.mul (local.get $r) (local.get $outCols)) (local.get $c)) (i32.const 3)))
        ;; a = mu'x, b = mu'y; covariance = G*(x'y') - a b; means ma, mb = mu' + c.
        (local.set $a (v128.load (i32.add (local.get $mx) (local.get $j))))
        (local.set $b (v128.load (i32.add (local.get $my) (local.get $j))))
        (local.set $s
          (f64x2.sub
            (call $hsum (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 3)))
              (local.get $w0) (local.get $w1) (local.get $w2) (local.get $w3) (local.get $w4) (local.get $w5))
            (f64x2.mul (local.get $a) (local.get $b))))
        (local.set $ma (f64x2.add (local.get $a) (local.get $ctr)))
        (local.set $mb (f64x2.add (local.get $b) (local.get $ctr)))
        (local.set $s
          (f64x2.div
            (f64x2.mul
              (f64x2.add (f64x2.mul (local.get $two) (f64x2.mul (local.get $ma) (local.get $mb))) (local.get $c1))
              (f64x2.add (f64x2.mul (local.get $two) (local.get $s)) (local.get $c2)))
            (f64x2.mul
              (f64x2.add (f64x2.add (f64x2.mul (local.get $ma) (local.get $ma)) (f64x2.mul (local.get $mb) (local.get $mb))) (local.get $c1))
              (f64x2.add
                (f64x2.add (v128.load (i32.add (local.get $vx) (local.get $j))) (v128.load (i32.add (local.get $vy) (local.get $j))))
                (local.get $c2)))))
        ;; A lane at or past outCols belongs to the next row: zero it.
        (if (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $outCols))
          (then (local.set $s (v128.and (local.get $s) (v128.const i64x2 -1 0)))))
        (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $s)))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $cs)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
)
