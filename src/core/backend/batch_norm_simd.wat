;; Training-mode BatchNorm over [P, C] (P = N·H·W pixels, C channels contiguous, C a multiple of 4) on
;; WebAssembly SIMD over tfjs-backend-wasm's heap (the memory is imported: tensors in place), four
;; channels per vector. Channel sums go through float32 blocks of 64 pixels added into float64 totals
;; (no float32 drift over the 65,536 pixels of a stem map).
;;   forward:  μ = Σx/P,  var = Σ(x − μ)²/P (biased),  x̂ = (x − μ)·(1/√(var + eps))
;;   backward: dz = dy·[y > 0] (ReLU fused; dy when there is none), ∂β = Σdz, ∂γ = Σdz·x̂,
;;             ∂x = (dz − x̂·∂γ/P − ∂β/P)·γ/√(var + eps)
;; Scratch s (from the driver, wasmBatchNorm.ts): 36·C bytes.
(module
  (import "env" "memory" (memory 1))

  (global $BLOCK i32 (i32.const 64))

  ;; f64 totals [C] at t += f32 block [C] at b; the block is zeroed
  (func $flush (param $b i32) (param $t i32) (param $C i32)
    (local $i i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $C)))
      (f64.store (local.get $t) (f64.add (f64.load (local.get $t)) (f64.promote_f32 (f32.load (local.get $b)))))
      (f32.store (local.get $b) (f32.const 0))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $t (i32.add (local.get $t) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; zero `bytes` bytes at p (a multiple of 4)
  (func $zero (param $p i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (local.get $bytes)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (i32.store (local.get $p) (i32.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $l))))

  ;; f32 [C] at out = f64 [C] at t / P
  (func $means (param $t i32) (param $P i32) (param $C i32) (param $out i32)
    (local $i i32) (local $n f64)
    (local.set $n (f64.convert_i32_u (local.get $P)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $C)))
      (f32.store (local.get $out) (f32.demote_f64 (f64.div (f64.load (local.get $t)) (local.get $n))))
      (local.set $t (i32.add (local.get $t) (i32.const 8)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; Σ_p x (m = 0) or Σ_p (x − m)² per channel into f64 totals at t (block sums at b)
  (func $channelSums (param $x i32) (param $m i32) (param $P i32) (param $C i32) (param $b i32) (param $t i32)
    (local $p i32) (local $j i32) (local $row i32) (local $inBlock i32) (local $v v128)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (call $zero (local.get $b) (local.get $row))
    (call $zero (local.get $t) (i32.shl (local.get $row) (i32.const 1)))
    (block $done (loop $pix
      (br_if $done (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $j (i32.const 0))
      (if (local.get $m)
        (then
          (block $cDone (loop $c
            (br_if $cDone (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $v (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (v128.load (i32.add (local.get $m) (local.get $j)))))
            (v128.store (i32.add (local.get $b) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $b) (local.get $j))) (f32x4.mul (local.get $v) (local.get $v))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $c))))
        (else
          (block $cDone2 (loop $c2
            (br_if $cDone2 (i32.ge_u (local.get $j) (local.get $row)))
            (v128.store (i32.add (local.get $b) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $b) (local.get $j))) (v128.load (i32.add (local.get $x) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $c2)))))
      (local.set $x (i32.add (local.get $x) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $inBlock (i32.add (local.get $inBlock) (i32.const 1)))
      (if (i32.eq (local.get $inBlock) (global.get $BLOCK))
        (then
          (call $flush (local.get $b) (local.get $t) (local.get $C))
          (local.set $inBlock (i32.const 0))))
      (br $pix)))
    (call $flush (local.get $b) (local.get $t) (local.get $C)))

  ;; f32 [C] at out = 1/√(var + eps) (times γ when g ≠ 0)
  (func $invStd (param $var i32) (param $g i32) (param $eps f32) (param $C i32) (param $out i32)
    (local $j i32) (local $row i32) (local $v v128)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $j) (local.get $row)))
      (local.set $v (f32x4.div (v128.const f32x4 1 1 1 1)
        (f32x4.sqrt (f32x4.add (v128.load (i32.add (local.get $var) (local.get $j))) (f32x4.splat (local.get $eps))))))
      (if (local.get $g) (then (local.set $v (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $g) (local.get $j)))))))
      (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $v))
      (local.set $j (i32.add (local.get $j) (i32.const 16)))
      (br $l))))

  (func (export "forward")
    (param $x i32) (param $P i32) (param $C i32) (param $eps f32)
    (param $mean i32) (param $var i32) (param $xhat i32) (param $s i32)
    (local $b i32) (local $t i32) (local $k i32) (local $p i32) (local $j i32) (local $row i32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $b (local.get $s))
    (local.set $t (i32.add (local.get $s) (local.get $row)))
    (local.set $k (i32.add (local.get $t) (i32.shl (local.get $row) (i32.const 1))))
    (call $channelSums (local.get $x) (i32.const 0) (local.get $P) (local.get $C) (local.get $b) (local.get $t))
    (call $means (local.get $t) (local.get $P) (local.get $C) (local.get $mean))
    (call $channelSums (local.get $x) (local.get $mean) (local.get $P) (local.get $C) (local.get $b) (local.get $t))
    (call $means (local.get $t) (local.get $P) (local.get $C) (local.get $var))
    (call $invStd (local.get $var) (i32.const 0) (local.get $eps) (local.get $C) (local.get $k))
    (block $done (loop $pix
      (br_if $done (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $j (i32.const 0))
      (block $cDone (loop $c
        (br_if $cDone (i32.ge_u (local.get $j) (local.get $row)))
        (v128.store (i32.add (local.get $xhat) (local.get $j))
          (f32x4.mul
            (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (v128.load (i32.add (local.get $mean) (local.get $j))))
            (v128.load (i32.add (local.get $k) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $c)))
      (local.set $x (i32.add (local.get $x) (local.get $row)))
      (local.set $xhat (i32.add (local.get $xhat) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pix))))

  ;; dz at one pixel's channel group: dy, or dy where y > 0 and 0 elsewhere (y ≠ 0: ReLU fused)
  (func $dz (param $dy i32) (param $y i32) (result v128)
    (if (result v128) (local.get $y)
      (then (v128.and (v128.load (local.get $dy)) (f32x4.gt (v128.load (local.get $y)) (v128.const f32x4 0 0 0 0))))
      (else (v128.load (local.get $dy)))))

  (func (export "backward")
    (param $dy i32) (param $y i32) (param $xh i32) (param $g i32) (param $var i32) (param $eps f32)
    (param $P i32) (param $C i32) (param $dx i32) (param $dzOut i32) (param $dGamma i32) (param $dBeta i32) (param $s i32)
    (local $row i32) (local $bB i32) (local $bG i32) (local $tB i32) (local $tG i32) (local $k1 i32) (local $k2 i32) (local $sc i32)
    (local $p i32) (local $j i32) (local $inBlock i32) (local $o i32) (local $v v128)
    (local $dyP i32) (local $yP i32) (local $xP i32) (local $dxP i32) (local $dzP i32)
    (local.set $row (i32.shl (local.get $C) (i32.const 2)))
    (local.set $bB (local.get $s))
    (local.set $bG (i32.add (local.get $bB) (local.get $row)))
    (local.set $tB (i32.add (local.get $bG) (local.get $row)))
    (local.set $tG (i32.add (local.get $tB) (i32.shl (local.get $row) (i32.const 1))))
    (local.set $k1 (i32.add (local.get $tG) (i32.shl (local.get $row) (i32.const 1))))
    (local.set $k2 (i32.add (local.get $k1) (local.get $row)))
    (local.set $sc (i32.add (local.get $k2) (local.get $row)))
    (call $zero (local.get $bB) (i32.mul (local.get $row) (i32.const 6)))
    ;; pass 1: dz (stored where asked), block sums of dz and dz·x̂
    (local.set $dyP (local.get $dy)) (local.set $yP (local.get $y)) (local.set $xP (local.get $xh)) (local.set $dzP (local.get $dzOut))
    (block $done (loop $pix
      (br_if $done (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $j (i32.const 0))
      (block $cDone (loop $c
        (br_if $cDone (i32.ge_u (local.get $j) (local.get $row)))
        (local.set $v (call $dz (i32.add (local.get $dyP) (local.get $j)) (select (i32.add (local.get $yP) (local.get $j)) (i32.const 0) (local.get $y))))
        (if (local.get $dzOut) (then (v128.store (i32.add (local.get $dzP) (local.get $j)) (local.get $v))))
        (local.set $o (i32.add (local.get $bB) (local.get $j)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (local.get $v)))
        (local.set $o (i32.add (local.get $bG) (local.get $j)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $xP) (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $c)))
      (local.set $dyP (i32.add (local.get $dyP) (local.get $row)))
      (local.set $yP (i32.add (local.get $yP) (local.get $row)))
      (local.set $xP (i32.add (local.get $xP) (local.get $row)))
      (local.set $dzP (i32.add (local.get $dzP) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $inBlock (i32.add (local.get $inBlock) (i32.const 1)))
      (if (i32.eq (local.get $inBlock) (global.get $BLOCK))
        (then
          (call $flush (local.get $bB) (local.get $tB) (local.get $C))
          (call $flush (local.get $bG) (local.get $tG) (local.get $C))
          (local.set $inBlock (i32.const 0))))
      (br $pix)))
    (call $flush (local.get $bB) (local.get $tB) (local.get $C))
    (call $flush (local.get $bG) (local.get $tG) (local.get $C))
    ;; ∂β, ∂γ (sums), k1 = ∂β/P, k2 = ∂γ/P, sc = γ/√(var + eps)
    (call $means (local.get $tB) (i32.const 1) (local.get $C) (local.get $dBeta))
    (call $means (local.get $tG) (i32.const 1) (local.get $C) (local.get $dGamma))
    (call $means (local.get $tB) (local.get $P) (local.get $C) (local.get $k1))
    (call $means (local.get $tG) (local.get $P) (local.get $C) (local.get $k2))
    (call $invStd (local.get $var) (local.get $g) (local.get $eps) (local.get $C) (local.get $sc))
    ;; pass 2: ∂x = (dz − x̂·k2 − k1)·sc
    (local.set $p (i32.const 0))
    (local.set $dyP (local.get $dy)) (local.set $yP (local.get $y)) (local.set $xP (local.get $xh)) (local.set $dxP (local.get $dx))
    (block $done2 (loop $pix2
      (br_if $done2 (i32.ge_u (local.get $p) (local.get $P)))
      (local.set $j (i32.const 0))
      (block $cDone2 (loop $c2
        (br_if $cDone2 (i32.ge_u (local.get $j) (local.get $row)))
        (local.set $v (call $dz (i32.add (local.get $dyP) (local.get $j)) (select (i32.add (local.get $yP) (local.get $j)) (i32.const 0) (local.get $y))))
        (v128.store (i32.add (local.get $dxP) (local.get $j))
          (f32x4.mul
            (f32x4.sub
              (f32x4.sub (local.get $v) (f32x4.mul (v128.load (i32.add (local.get $xP) (local.get $j))) (v128.load (i32.add (local.get $k2) (local.get $j)))))
              (v128.load (i32.add (local.get $k1) (local.get $j))))
            (v128.load (i32.add (local.get $sc) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $c2)))
      (local.set $dyP (i32.add (local.get $dyP) (local.get $row)))
      (local.set $yP (i32.add (local.get $yP) (local.get $row)))
      (local.set $xP (i32.add (local.get $xP) (local.get $row)))
      (local.set $dxP (i32.add (local.get $dxP) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pix2)))))
