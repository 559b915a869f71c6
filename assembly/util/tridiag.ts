// Tridiagonal solves exactly as LAPACK dgtsv does them for one right-hand side: Gaussian
// elimination with partial pivoting (a row swap when |sub| > |diag|, which fills a second
// superdiagonal kept in `dl`), true divisions (not reciprocals), then back substitution
// b[i] = ((b[i] - du[i]*b[i+1]) - dl[i]*b[i+2]) / d[i]. scipy's solve_banded((1, 1), ...) calls
// dgtsv, and CubicSpline (PyEMD's envelopes) calls solve_banded, so these are the bits PyEMD gets.
//
// Arrays (f64, caller memory, overwritten): dl[0..n-2] sub-diagonal (row i+1, column i),
// d[0..n-1] diagonal, du[0..n-2] super-diagonal (row i, column i+1), b[0..n-1] right-hand side
// -> solution. n >= 2. Returns 0, or i + 1 when the pivot of row i is exactly zero (singular).
//
// Both sweeps are chains of dependent divisions, so their running values stay in registers (a
// store/reload would add store-forwarding latency to every row), and `gtsvPair` runs two
// independent systems in one loop so the two chains overlap.

@inline function ldd(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function std(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Solve one system in place (dgtsv, NRHS = 1). */
export function gtsv(n: i32, dl: usize, d: usize, du: usize, b: usize): i32 {
  let di = ldd(d, 0);
  let bi = ldd(b, 0);
  for (let i = 0; i < n - 1; i++) {
    const li = ldd(dl, i);
    const dui = ldd(du, i);
    let dn = ldd(d, i + 1);
    let bn = ldd(b, i + 1);
    if (Math.abs(di) >= Math.abs(li)) {
      if (di == 0.0) return i + 1;
      const fact = li / di;
      dn = dn - fact * dui;
      bn = bn - fact * bi;
      std(d, i, di);
      std(b, i, bi);
      if (i < n - 2) std(dl, i, 0.0);
    } else {
      const fact = di / li;
      std(d, i, li);
      const temp = dn;
      dn = dui - fact * temp;
      if (i < n - 2) {
        const du1 = ldd(du, i + 1);
        std(dl, i, du1);
        std(du, i + 1, -fact * du1);
      }
      std(du, i, temp);
      std(b, i, bn);
      bn = bi - fact * bn;
    }
    di = dn;
    bi = bn;
  }
  if (di == 0.0) return n;
  // Back substitution with the last two solution values in registers.
  let x1 = bi / di;
  std(d, n - 1, di);
  std(b, n - 1, x1);
  let x0 = (ldd(b, n - 2) - ldd(du, n - 2) * x1) / ldd(d, n - 2);
  std(b, n - 2, x0);
  for (let i = n - 3; i >= 0; i--) {
    const x = (ldd(b, i) - ldd(du, i) * x0 - ldd(dl, i) * x1) / ldd(d, i);
    std(b, i, x);
    x1 = x0;
    x0 = x;
  }
  return 0;
}

/**
 * Solve two independent systems (sizes na, nb >= 2) with their steps interleaved; each gets
 * exactly the operations `gtsv` gives it. Returns 0, or the first failure (system A's status, or
 * system B's status + 0x10000000).
 */
export function gtsvPair(
  na: i32, dla: usize, da: usize, dua: usize, ba: usize,
  nb: i32, dlb: usize, db: usize, dub: usize, bb: usize,
): i32 {
  const common = (na < nb ? na : nb) - 1;
  let dia = ldd(da, 0);
  let bia = ldd(ba, 0);
  let dib = ldd(db, 0);
  let bib = ldd(bb, 0);
  let i = 0;
  for (; i < common; i++) {
    // System A, row i.
    {
      const li = ldd(dla, i);
      const dui = ldd(dua, i);
      let dn = ldd(da, i + 1);
      let bn = ldd(ba, i + 1);
      if (Math.abs(dia) >= Math.abs(li)) {
        if (dia == 0.0) return i + 1;
        const fact = li / dia;
        dn = dn - fact * dui;
        bn = bn - fact * bia;
        std(da, i, dia);
        std(ba, i, bia);
        if (i < na - 2) std(dla, i, 0.0);
      } else {
        const fact = dia / li;
        std(da, i, li);
        const temp = dn;
        dn = dui - fact * temp;
        if (i < na - 2) {
          const du1 = ldd(dua, i + 1);
          std(dla, i, du1);
          std(dua, i + 1, -fact * du1);
        }
        std(dua, i, temp);
        std(ba, i, bn);
        bn = bia - fact * bn;
      }
      dia = dn;
      bia = bn;
    }
    // System B, row i.
    {
      const li = ldd(dlb, i);
      const dui = ldd(dub, i);
      let dn = ldd(db, i + 1);
      let bn = ldd(bb, i + 1);
      if (Math.abs(dib) >= Math.abs(li)) {
        if (dib == 0.0) return 0x10000000 + i + 1;
        const fact = li / dib;
        dn = dn - fact * dui;
        bn = bn - fact * bib;
        std(db, i, dib);
        std(bb, i, bib);
        if (i < nb - 2) std(dlb, i, 0.0);
      } else {
        const fact = dib / li;
        std(db, i, li);
        const temp = dn;
        dn = dui - fact * temp;
        if (i < nb - 2) {
          const du1 = ldd(dub, i + 1);
          std(dlb, i, du1);
          std(dub, i + 1, -fact * du1);
        }
        std(dub, i, temp);
        std(bb, i, bn);
        bn = bib - fact * bn;
      }
      dib = dn;
      bib = bn;
    }
  }
  // Store the carried rows, then let the single-system code finish the longer one.
  std(da, i, dia);
  std(ba, i, bia);
  std(db, i, dib);
  std(bb, i, bib);
  if (na > nb) {
    const st = gtsvFrom(na, dla, da, dua, ba, i);
    if (st != 0) return st;
    return backPair(na, dla, da, dua, ba, nb, dlb, db, dub, bb);
  }
  if (nb > na) {
    const st = gtsvFrom(nb, dlb, db, dub, bb, i);
    if (st != 0) return 0x10000000 + st;
    return backPair(na, dla, da, dua, ba, nb, dlb, db, dub, bb);
  }
  return backPair(na, dla, da, dua, ba, nb, dlb, db, dub, bb);
}

/** Continue the elimination of one system from row `from` (rows < from already eliminated). */
function gtsvFrom(n: i32, dl: usize, d: usize, du: usize, b: usize, from: i32): i32 {
  let di = ldd(d, from);
  let bi = ldd(b, from);
  for (let i = from; i < n - 1; i++) {
    const li = ldd(dl, i);
    const dui = ldd(du, i);
    let dn = ldd(d, i + 1);
    let bn = ldd(b, i + 1);
    if (Math.abs(di) >= Math.abs(li)) {
      if (di == 0.0) return i + 1;
      const fact = li / di;
      dn = dn - fact * dui;
      bn = bn - fact * bi;
      std(d, i, di);
      std(b, i, bi);
      if (i < n - 2) std(dl, i, 0.0);
    } else {
      const fact = di / li;
      std(d, i, li);
      const temp = dn;
      dn = dui - fact * temp;
      if (i < n - 2) {
        const du1 = ldd(du, i + 1);
        std(dl, i, du1);
        std(du, i + 1, -fact * du1);
      }
      std(du, i, temp);
      std(b, i, bn);
      bn = bi - fact * bn;
    }
    di = dn;
    bi = bn;
  }
  std(d, n - 1, di);
  std(b, n - 1, bi);
  return 0;
}

/** Back substitution of two eliminated systems (last rows stored), interleaved from the bottom. */
function backPair(na: i32, dla: usize, da: usize, dua: usize, ba: usize, nb: i32, dlb: usize, db: usize, dub: usize, bb: usize): i32 {
  const dla1 = ldd(da, na - 1);
  const dlb1 = ldd(db, nb - 1);
  if (dla1 == 0.0) return na;
  if (dlb1 == 0.0) return 0x10000000 + nb;
  let a1 = ldd(ba, na - 1) / dla1;
  let b1 = ldd(bb, nb - 1) / dlb1;
  std(ba, na - 1, a1);
  std(bb, nb - 1, b1);
  let a0 = (ldd(ba, na - 2) - ldd(dua, na - 2) * a1) / ldd(da, na - 2);
  let b0 = (ldd(bb, nb - 2) - ldd(dub, nb - 2) * b1) / ldd(db, nb - 2);
  std(ba, na - 2, a0);
  std(bb, nb - 2, b0);
  let ia = na - 3;
  let ib = nb - 3;
  while (ia >= 0 && ib >= 0) {
    const xa = (ldd(ba, ia) - ldd(dua, ia) * a0 - ldd(dla, ia) * a1) / ldd(da, ia);
    const xb = (ldd(bb, ib) - ldd(dub, ib) * b0 - ldd(dlb, ib) * b1) / ldd(db, ib);
    std(ba, ia, xa);
    std(bb, ib, xb);
    a1 = a0;
    a0 = xa;
    b1 = b0;
    b0 = xb;
    ia--;
    ib--;
  }
  for (; ia >= 0; ia--) {
    const xa = (ldd(ba, ia) - ldd(dua, ia) * a0 - ldd(dla, ia) * a1) / ldd(da, ia);
    std(ba, ia, xa);
    a1 = a0;
    a0 = xa;
  }
  for (; ib >= 0; ib--) {
    const xb = (ldd(bb, ib) - ldd(dub, ib) * b0 - ldd(dlb, ib) * b1) / ldd(db, ib);
    std(bb, ib, xb);
    b1 = b0;
    b0 = xb;
  }
  return 0;
}
