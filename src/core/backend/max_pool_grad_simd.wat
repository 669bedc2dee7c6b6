;; MaxPoolGrad (NHWC, float32, no dilation) on WebAssembly SIMD over tfjs-backend-wasm's heap (the
;; memory is imported: tensors are read and written in place), four channels per vector:
;; for every output pixel the first maximum of its window — row-major scan, strict >, padding never
;; chosen (tfjs's rule) — receives dy there: dx[argmax] += dy[pixel]. Pass 1 over the window keeps the
;; running maximum and the number of the tap that holds it (per lane); pass 2 adds dy, masked to the
;; lanes whose tap it is, into each tap's dx. dx must be zero on entry; C a multiple of 4 (the driver,
;; wasmMaxPoolGrad.ts, keeps its JavaScript loop for the rest).
(module
  (import "env" "memory" (memory 1))

  (func (export "maxPoolGrad")
    (param $x i32) (param $g i32) (param $dx i32)
    (param $batch i32) (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (local $b i32) (local $r i32) (local $q i32) (local $d i32)
    (local $r0 i32) (local $r1 i32) (local $q0 i32) (local $q1 i32) (local $xr i32) (local $xc i32)
    (local $t i32) (local $rowBytes i32) (local $imgBytes i32) (local $img i32) (local $at i32) (local $gAt i32)
    (local $best v128) (local $idx v128) (local $v v128) (local $gt v128) (local $gv v128) (local $mask v128)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
    (local.set $imgBytes (i32.mul (local.get $rowBytes) (local.get $h)))
    (local.set $gAt (local.get $g))
    (local.set $b (i32.const 0))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $img (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $imgBytes))))
      (local.set $r (i32.const 0))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $r) (local.get $oh)))
        ;; window rows [r0, r1) inside x
        (local.set $r0 (i32.sub (i32.mul (local.get $r) (local.get $sh)) (local.get $top)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $fh)))
        (if (i32.lt_s (local.get $r0) (i32.const 0)) (then (local.set $r0 (i32.const 0))))
        (if (i32.gt_s (local.get $r1) (local.get $h)) (then (local.set $r1 (local.get $h))))
        (local.set $q (i32.const 0))
        (block $qDone (loop $qLoop
          (br_if $qDone (i32.ge_u (local.get $q) (local.get $ow)))
          (local.set $q0 (i32.sub (i32.mul (local.get $q) (local.get $sw)) (local.get $left)))
          (local.set $q1 (i32.add (local.get $q0) (local.get $fw)))
          (if (i32.lt_s (local.get $q0) (i32.const 0)) (then (local.set $q0 (i32.const 0))))
          (if (i32.gt_s (local.get $q1) (local.get $w)) (then (local.set $q1 (local.get $w))))
          (local.set $d (i32.const 0))
          (block $dDone (loop $dLoop
            (br_if $dDone (i32.ge_u (local.get $d) (local.get $c)))
            ;; pass 1: running maximum and its tap number, per lane
            (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $idx (v128.const i32x4 -1 -1 -1 -1))
            (local.set $t (i32.const 0))
            (local.set $xr (local.get $r0))
            (block $w1rDone (loop $w1r
              (br_if $w1rDone (i32.ge_s (local.get $xr) (local.get $r1)))
              (local.set $xc (local.get $q0))
              (block $w1cDone (loop $w1c
                (br_if $w1cDone (i32.ge_s (local.get $xc) (local.get $q1)))
                (local.set $at (i32.add (i32.add (local.get $img) (i32.mul (local.get $xr) (local.get $rowBytes)))
                  (i32.shl (i32.add (i32.mul (local.get $xc) (local.get $c)) (local.get $d)) (i32.const 2))))
                (local.set $v (v128.load (local.get $at)))
                (local.set $gt (f32x4.gt (local.get $v) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $gt)))
                (local.set $idx (v128.bitselect (i32x4.splat (local.get $t)) (local.get $idx) (local.get $gt)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (local.set $xc (i32.add (local.get $xc) (i32.const 1)))
                (br $w1c)))
              (local.set $xr (i32.add (local.get $xr) (i32.const 1)))
              (br $w1r)))
            ;; pass 2: dy into the chosen tap of each lane
            (local.set $gv (v128.load (i32.add (local.get $gAt) (i32.shl (local.get $d) (i32.const 2)))))
            (local.set $t (i32.const 0))
            (local.set $xr (local.get $r0))
            (block $w2rDone (loop $w2r
              (br_if $w2rDone (i32.ge_s (local.get $xr) (local.get $r1)))
              (local.set $xc (local.get $q0))
              (block $w2cDone (loop $w2c
                (br_if $w2cDone (i32.ge_s (local.get $xc) (local.get $q1)))
                (local.set $mask (i32x4.eq (local.get $idx) (i32x4.splat (local.get $t))))
                (local.set $at (i32.add (i32.sub (local.get $img) (local.get $x))
                  (i32.add (i32.mul (local.get $xr) (local.get $rowBytes))
                    (i32.shl (i32.add (i32.mul (local.get $xc) (local.get $c)) (local.get $d)) (i32.const 2)))))
                (local.set $at (i32.add (local.get $dx) (local.get $at)))
                (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (v128.and (local.get $gv) (local.get $mask))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (local.set $xc (i32.add (local.get $xc) (i32.const 1)))
                (br $w2c)))
              (local.set $xr (i32.add (local.get $xr) (i32.const 1)))
              (br $w2r)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $dLoop)))
          (local.set $gAt (i32.add (local.get $gAt) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $q (i32.add (local.get $q) (i32.const 1)))
          (br $qLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop)))))
