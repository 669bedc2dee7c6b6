;; One Adam step over flat float32 vectors on WebAssembly SIMD over tfjs-backend-wasm's heap (the memory is
;; imported: tensors read and written in place), four values per vector, in the float32 operations and
;; order of the tfjs-kernel form (swav/optimizers.ts), so the results are those kernels' bit for bit:
;;   g' = g + p·wd (when wd ≠ 0);  m' = m·β₁ + g'·(1 − β₁);  v' = v·β₂ + (g'·g')·(1 − β₂)
;;   m', v' = the old m, v where keep is 0 (frozen tensors; keep = 0 address: every value updates)
;;   p' = p − (m'/c₁) / (√(v'/c₂) + ε) · lr
;; c₁, c₂ (1 − βᵗ) are vectors of n values, or one value (cStride 0). keep is one byte per value (tfjs
;; bool). The last n % 4 values take the same operations one at a time.
(module
  (import "env" "memory" (memory 1))

  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $keep i32) (param $c1 i32) (param $c2 i32) (param $cStride i32)
    (param $n i32) (param $wd f32) (param $b1 f32) (param $nb1 f32) (param $b2 f32) (param $nb2 f32) (param $eps f32) (param $lr f32)
    (param $mOut i32) (param $vOut i32) (param $pOut i32)
    (local $i i32) (local $off i32) (local $coff i32)
    (local $pv v128) (local $gv v128) (local $mv v128) (local $vv v128) (local $mn v128) (local $vn v128) (local $k v128)
    (local $useWd i32) (local $n4 i32) (local $c1v v128) (local $c2v v128)
    (local $ps f32) (local $gs f32) (local $ms f32) (local $vs f32) (local $mns f32) (local $vns f32)
    (local.set $useWd (f32.ne (local.get $wd) (f32.const 0)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $c1v (v128.load32_splat (local.get $c1)))
    (local.set $c2v (v128.load32_splat (local.get $c2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $pv (v128.load (i32.add (local.get $p) (local.get $off))))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
      (if (local.get $useWd)
        (then (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $pv) (f32x4.splat (local.get $wd)))))))
      (local.set $mv (v128.load (i32.add (local.get $m) (local.get $off))))
      (local.set $vv (v128.load (i32.add (local.get $v) (local.get $off))))
      (local.set $mn (f32x4.add (f32x4.mul (local.get $mv) (f32x4.splat (local.get $b1))) (f32x4.mul (local.get $gv) (f32x4.splat (local.get $nb1)))))
      (local.set $vn (f32x4.add (f32x4.mul (local.get $vv) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $nb2)))))
      (if (local.get $keep)
        (then
          ;; four keep bytes widened to four all-ones / all-zeros lanes
          (local.set $k (i32x4.ne
            (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (i32.add (local.get $keep) (local.get $i)))))
            (v128.const i32x4 0 0 0 0)))
          (local.set $mn (v128.bitselect (local.get $mn) (local.get $mv) (local.get $k)))
          (local.set $vn (v128.bitselect (local.get $vn) (local.get $vv) (local.get $k)))))
      (v128.store (i32.add (local.get $mOut) (local.get $off)) (local.get $mn))
      (v128.store (i32.add (local.get $vOut) (local.get $off)) (local.get $vn))
      (if (local.get $cStride)
        (then
          (local.set $c1v (v128.load (i32.add (local.get $c1) (local.get $off))))
          (local.set $c2v (v128.load (i32.add (local.get $c2) (local.get $off))))))
      (v128.store (i32.add (local.get $pOut) (local.get $off))
        (f32x4.sub (local.get $pv)
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mn) (local.get $c1v))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vn) (local.get $c2v))) (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $lr)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    ;; the last n % 4 values
    (block $tailDone (loop $t
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $off (i32.shl (local.get $i) (i32.const 2)))
      (local.set $coff (i32.mul (local.get $off) (local.get $cStride)))
      (local.set $ps (f32.load (i32.add (local.get $p) (local.get $off))))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $off))))
      (if (local.get $useWd) (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ps) (local.get $wd))))))
      (local.set $ms (f32.load (i32.add (local.get $m) (local.get $off))))
      (local.set $vs (f32.load (i32.add (local.get $v) (local.get $off))))
      (local.set $mns (f32.add (f32.mul (local.get $ms) (local.get $b1)) (f32.mul (local.get $gs) (local.get $nb1))))
      (local.set $vns (f32.add (f32.mul (local.get $vs) (local.get $b2)) (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $nb2))))
      (if (local.get $keep)
        (then (if (i32.eqz (i32.load8_u (i32.add (local.get $keep) (local.get $i))))
          (then (local.set $mns (local.get $ms)) (local.set $vns (local.get $vs))))))
      (f32.store (i32.add (local.get $mOut) (local.get $off)) (local.get $mns))
      (f32.store (i32.add (local.get $vOut) (local.get $off)) (local.get $vns))
      (f32.store (i32.add (local.get $pOut) (local.get $off))
        (f32.sub (local.get $ps)
          (f32.mul
            (f32.div
              (f32.div (local.get $mns) (f32.load (i32.add (local.get $c1) (local.get $coff))))
              (f32.add (f32.sqrt (f32.div (local.get $vns) (f32.load (i32.add (local.get $c2) (local.get $coff))))) (local.get $eps)))
            (local.get $lr))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $t)))))
