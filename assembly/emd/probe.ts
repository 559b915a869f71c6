// A throughput probe for `cgq bench emd`: the divider's rate bounds what any PyEMD-exact solve can
// reach (each knot of an envelope costs six true divisions, see ./spline.ts), so the bench measures
// it on the machine it runs on, beside the decompositions.

/**
 * `rounds` rounds of six independent f64x2 divisions (the solve's divisions for one knot of each
 * envelope); returns a value that depends on every quotient, so none is optimised away.
 */
export function emd_probe_div(rounds: i32): f64 {
  let a = f64x2.splat(1.5), b = f64x2.splat(1.25), c = f64x2.splat(1.125);
  let d = f64x2.splat(1.0625), e = f64x2.splat(1.03125), f = f64x2.splat(1.015625);
  const k = f64x2.splat(1.0000000001);
  for (let i = 0; i < rounds; i++) {
    a = f64x2.div(a, k);
    b = f64x2.div(b, k);
    c = f64x2.div(c, k);
    d = f64x2.div(d, k);
    e = f64x2.div(e, k);
    f = f64x2.div(f, k);
  }
  return f64x2.extract_lane(f64x2.add(f64x2.add(f64x2.add(a, b), f64x2.add(c, d)), f64x2.add(e, f)), 1);
}
