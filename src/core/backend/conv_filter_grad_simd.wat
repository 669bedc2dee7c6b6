;; The weight gradient of a convolution, one kernel row kh at a time, on WebAssembly SIMD over
;; tfjs-backend-wasm's own heap (the memory is imported: tensors are read and written in place).
;; For one kh it is a plain matrix product summed over the output pixels p = (n, oh, ow):
;;   Out[m, co] += Σ_p A_p[m] · B_p[co],   m = kw·Cin + ci,
;; where A_p is the M = KW·Cin contiguous floats of the column-padded input starting at
;; (n, oh·s + kh, ow·s) and B_p is dy[n, oh, ow, :] (Cout floats). The driver
;; (wasmConvFilterGrad.ts) pads the columns, picks the rows of each kh that are not padding, and
;; calls `gemm` per block of images small enough to stay in cache.
;; Tiles: 4 rows × 8 columns in eight f32x4 accumulators (each pixel: 4 splat loads, 2 vector
;; loads, 8 multiplies, 8 adds), 1 × 8 for the last M % 4 rows, and a scalar 1 × 1 for the last
;; Cout % 8 columns. Accumulators start from Out, so blocks of images add up.
;; Loop shape shared by the tiles: images (a += aImg, b += bImg), then rows (a += aRow; b runs on,
;; since dy's rows are contiguous), then columns (a += aCol, b += 4·Cout).
(module
  (import "env" "memory" (memory 1))

  (func $tile4x8
    (param $a i32) (param $b i32) (param $o i32) (param $ldo i32)
    (param $imgs i32) (param $rows i32) (param $cols i32)
    (param $aImg i32) (param $aRow i32) (param $aCol i32) (param $bImg i32)
    (local $aI i32) (local $bI i32) (local $aR i32) (local $p i32) (local $q i32) (local $r i32) (local $c i32)
    (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local.set $o1 (i32.add (local.get $o) (local.get $ldo)))
    (local.set $o2 (i32.add (local.get $o1) (local.get $ldo)))
    (local.set $o3 (i32.add (local.get $o2) (local.get $ldo)))
    (local.set $s00 (v128.load (local.get $o)))
    (local.set $s01 (v128.load offset=16 (local.get $o)))
    (local.set $s10 (v128.load (local.get $o1)))
    (local.set $s11 (v128.load offset=16 (local.get $o1)))
    (local.set $s20 (v128.load (local.get $o2)))
    (local.set $s21 (v128.load offset=16 (local.get $o2)))
    (local.set $s30 (v128.load (local.get $o3)))
    (local.set $s31 (v128.load offset=16 (local.get $o3)))
    (local.set $aI (local.get $a))
    (local.set $bI (local.get $b))
    (block $imgsDone
      (loop $img
        (br_if $imgsDone (i32.eqz (local.get $imgs)))
        (local.set $aR (local.get $aI))
        (local.set $q (local.get $bI))
        (local.set $r (local.get $rows))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.eqz (local.get $r)))
            (local.set $p (local.get $aR))
            (local.set $c (local.get $cols))
            (block $colsDone
              (loop $col
                (br_if $colsDone (i32.eqz (local.get $c)))
                (local.set $y0 (v128.load (local.get $q)))
                (local.set $y1 (v128.load offset=16 (local.get $q)))
                (local.set $x (v128.load32_splat (local.get $p)))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x) (local.get $y0))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load32_splat offset=4 (local.get $p)))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x) (local.get $y0))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load32_splat offset=8 (local.get $p)))
                (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $x) (local.get $y0))))
                (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load32_splat offset=12 (local.get $p)))
                (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $x) (local.get $y0))))
                (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $x) (local.get $y1))))
                (local.set $p (i32.add (local.get $p) (local.get $aCol)))
                (local.set $q (i32.add (local.get $q) (local.get $ldo)))
                (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                (br $col)))
            (local.set $aR (i32.add (local.get $aR) (local.get $aRow)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $aI (i32.add (local.get $aI) (local.get $aImg)))
        (local.set $bI (i32.add (local.get $bI) (local.get $bImg)))
        (local.set $imgs (i32.sub (local.get $imgs) (i32.const 1)))
        (br $img)))
    (v128.store (local.get $o) (local.get $s00))
    (v128.store offset=16 (local.get $o) (local.get $s01))
    (v128.store (local.get $o1) (local.get $s10))
    (v128.store offset=16 (local.get $o1) (local.get $s11))
    (v128.store (local.get $o2) (local.get $s20))
    (v128.store offset=16 (local.get $o2) (local.get $s21))
    (v128.store (local.get $o3) (local.get $s30))
    (v128.store offset=16 (local.get $o3) (local.get $s31)))

  (func $tile1x8
    (param $a i32) (param $b i32) (param $o i32) (param $ldo i32)
    (param $imgs i32) (param $rows i32) (param $cols i32)
    (param $aImg i32) (param $aRow i32) (param $aCol i32) (param $bImg i32)
    (local $aI i32) (local $bI i32) (local $aR i32) (local $p i32) (local $q i32) (local $r i32) (local $c i32)
    (local $s0 v128) (local $s1 v128) (local $x v128)
    (local.set $s0 (v128.load (local.get $o)))
    (local.set $s1 (v128.load offset=16 (local.get $o)))
    (local.set $aI (local.get $a))
    (local.set $bI (local.get $b))
    (block $imgsDone
      (loop $img
        (br_if $imgsDone (i32.eqz (local.get $imgs)))
        (local.set $aR (local.get $aI))
        (local.set $q (local.get $bI))
        (local.set $r (local.get $rows))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.eqz (local.get $r)))
            (local.set $p (local.get $aR))
            (local.set $c (local.get $cols))
            (block $colsDone
              (loop $col
                (br_if $colsDone (i32.eqz (local.get $c)))
                (local.set $x (v128.load32_splat (local.get $p)))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $x) (v128.load (local.get $q)))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $q)))))
                (local.set $p (i32.add (local.get $p) (local.get $aCol)))
                (local.set $q (i32.add (local.get $q) (local.get $ldo)))
                (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                (br $col)))
            (local.set $aR (i32.add (local.get $aR) (local.get $aRow)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $aI (i32.add (local.get $aI) (local.get $aImg)))
        (local.set $bI (i32.add (local.get $bI) (local.get $bImg)))
        (local.set $imgs (i32.sub (local.get $imgs) (i32.const 1)))
        (br $img)))
    (v128.store (local.get $o) (local.get $s0))
    (v128.store offset=16 (local.get $o) (local.get $s1)))

  (func $tile1x1
    (param $a i32) (param $b i32) (param $o i32) (param $ldo i32)
    (param $imgs i32) (param $rows i32) (param $cols i32)
    (param $aImg i32) (param $aRow i32) (param $aCol i32) (param $bImg i32)
    (local $aI i32) (local $bI i32) (local $aR i32) (local $p i32) (local $q i32) (local $r i32) (local $c i32)
    (local $s f32)
    (local.set $s (f32.load (local.get $o)))
    (local.set $aI (local.get $a))
    (local.set $bI (local.get $b))
    (block $imgsDone
      (loop $img
        (br_if $imgsDone (i32.eqz (local.get $imgs)))
        (local.set $aR (local.get $aI))
        (local.set $q (local.get $bI))
        (local.set $r (local.get $rows))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.eqz (local.get $r)))
            (local.set $p (local.get $aR))
            (local.set $c (local.get $cols))
            (block $colsDone
              (loop $col
                (br_if $colsDone (i32.eqz (local.get $c)))
                (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $p)) (f32.load (local.get $q)))))
                (local.set $p (i32.add (local.get $p) (local.get $aCol)))
                (local.set $q (i32.add (local.get $q) (local.get $ldo)))
                (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                (br $col)))
            (local.set $aR (i32.add (local.get $aR) (local.get $aRow)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $aI (i32.add (local.get $aI) (local.get $aImg)))
        (local.set $bI (i32.add (local.get $bI) (local.get $bImg)))
        (local.set $imgs (i32.sub (local.get $imgs) (i32.const 1)))
        (br $img)))
    (f32.store (local.get $o) (local.get $s)))

  ;; Out [M, cout] (row-major, at o) += Σ_p A_p ⊗ B_p; A_p at a (+ aImg, aRow, aCol), B_p at b
  ;; (rows of 4·cout bytes, + bImg per image). All addresses and strides in bytes.
  (func (export "gemm")
    (param $a i32) (param $b i32) (param $o i32) (param $M i32) (param $cout i32)
    (param $imgs i32) (param $rows i32) (param $cols i32)
    (param $aImg i32) (param $aRow i32) (param $aCol i32) (param $bImg i32)
    (local $ldo i32) (local $m i32) (local $c i32) (local $r i32) (local $am i32) (local $om i32)
    (local.set $ldo (i32.shl (local.get $cout) (i32.const 2)))
    ;; rows in fours
    (block $quadsDone
      (loop $quad
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $m) (i32.const 4)) (local.get $M)))
        (local.set $am (i32.add (local.get $a) (i32.shl (local.get $m) (i32.const 2))))
        (local.set $om (i32.add (local.get $o) (i32.mul (local.get $m) (local.get $ldo))))
        (local.set $c (i32.const 0))
        (block $octsDone
          (loop $oct
            (br_if $octsDone (i32.gt_u (i32.add (local.get $c) (i32.const 8)) (local.get $cout)))
            (call $tile4x8 (local.get $am) (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 2)))
              (i32.add (local.get $om) (i32.shl (local.get $c) (i32.const 2))) (local.get $ldo)
              (local.get $imgs) (local.get $rows) (local.get $cols)
              (local.get $aImg) (local.get $aRow) (local.get $aCol) (local.get $bImg))
            (local.set $c (i32.add (local.get $c) (i32.const 8)))
            (br $oct)))
        ;; the last cout % 8 columns, one value at a time, for each of the four rows
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cout)))
            (local.set $r (i32.const 0))
            (block $rDone
              (loop $rr
                (br_if $rDone (i32.eq (local.get $r) (i32.const 4)))
                (call $tile1x1 (i32.add (local.get $am) (i32.shl (local.get $r) (i32.const 2)))
                  (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 2)))
                  (i32.add (i32.add (local.get $om) (i32.mul (local.get $r) (local.get $ldo))) (i32.shl (local.get $c) (i32.const 2)))
                  (local.get $ldo) (local.get $imgs) (local.get $rows) (local.get $cols)
                  (local.get $aImg) (local.get $aRow) (local.get $aCol) (local.get $bImg))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rr)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (br $quad)))
    ;; the last M % 4 rows, one at a time
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_u (local.get $m) (local.get $M)))
        (local.set $am (i32.add (local.get $a) (i32.shl (local.get $m) (i32.const 2))))
        (local.set $om (i32.add (local.get $o) (i32.mul (local.get $m) (local.get $ldo))))
        (local.set $c (i32.const 0))
        (block $octsDone1
          (loop $oct1
            (br_if $octsDone1 (i32.gt_u (i32.add (local.get $c) (i32.const 8)) (local.get $cout)))
            (call $tile1x8 (local.get $am) (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 2)))
              (i32.add (local.get $om) (i32.shl (local.get $c) (i32.const 2))) (local.get $ldo)
              (local.get $imgs) (local.get $rows) (local.get $cols)
              (local.get $aImg) (local.get $aRow) (local.get $aCol) (local.get $bImg))
            (local.set $c (i32.add (local.get $c) (i32.const 8)))
            (br $oct1)))
        (block $tailDone1
          (loop $tail1
            (br_if $tailDone1 (i32.ge_u (local.get $c) (local.get $cout)))
            (call $tile1x1 (local.get $am) (i32.add (local.get $b) (i32.shl (local.get $c) (i32.const 2)))
              (i32.add (local.get $om) (i32.shl (local.get $c) (i32.const 2))) (local.get $ldo)
              (local.get $imgs) (local.get $rows) (local.get $cols)
              (local.get $aImg) (local.get $aRow) (local.get $aCol) (local.get $bImg))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail1)))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (br $single)))))
