/**
 * glibc's x86-64 FMA `log` (`__log_fma`, glibc 2.36) in plain TypeScript, bit for bit: the
 * reference twin of assembly/util/log_fma.ts (see there for why numpy's stream needs exactly this
 * function and how it was derived). Every multiply-add glibc's compiled code fuses is a correctly
 * rounded fma, emulated exactly with doubles (Boldo & Melquiond 2008).
 */

import { productError } from '../stats/dekker.js';

const bitsF64 = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsF64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** Move a finite non-zero double one ulp away from zero (`up`) or towards zero. */
function stepUlp(w: number, up: boolean): number {
  bitsF64[0] = w;
  if (up) {
    if (bitsU32[LO] === 0xffffffff) {
      bitsU32[LO] = 0;
      bitsU32[HI] = bitsU32[HI]! + 1;
    } else bitsU32[LO] = bitsU32[LO]! + 1;
  } else if (bitsU32[LO] === 0) {
    bitsU32[LO] = 0xffffffff;
    bitsU32[HI] = bitsU32[HI]! - 1;
  } else bitsU32[LO] = bitsU32[LO]! - 1;
  return bitsF64[0]!;
}

/** fma(a, b, c) correctly rounded, for finite operands whose product neither overflows nor underflows. */
export function fmaRN(a: number, b: number, c: number): number {
  const uh = a * b;
  const ul = productError(a, b, uh);
  const th = c + ul;
  let z = th - c;
  const tl = c - (th - z) + (ul - z);
  const vh = uh + th;
  z = vh - uh;
  const vl = uh - (vh - z) + (th - z);
  let w = tl + vl;
  z = w - tl;
  const e = tl - (w - z) + (vl - z);
  if (e !== 0) {
    bitsF64[0] = w;
    // Round to odd: an inexact sum with an even significand moves one ulp towards the exact value.
    if ((bitsU32[LO]! & 1) === 0) w = stepUlp(w, w < 0 === e < 0);
  }
  return vh + w;
}

function f64FromBits(hi: number, lo: number): number {
  bitsU32[HI] = hi;
  bitsU32[LO] = lo;
  return bitsF64[0]!;
}

function fromHex(h: bigint): number {
  return f64FromBits(Number(h >> 32n), Number(h & 0xffffffffn));
}

const LN2HI = fromHex(0x3fe62e42fefa3800n);
const LN2LO = fromHex(0x3d2ef35793c76730n);
const [A0, A1, A2, A3, A4] = [0xbfe0000000000001n, 0x3fd555555551305bn, 0xbfcfffffffeb4590n, 0x3fc999b324f10111n, 0xbfc55575e506c89fn].map(fromHex) as [number, number, number, number, number];
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = [
  0xbfe0000000000000n, 0x3fd5555555555577n, 0xbfcffffffffffdcbn, 0x3fc999999995dd0cn, 0xbfc55555556745a7n, 0x3fc24924a344de30n,
  0xbfbfffffa4423d65n, 0x3fbc7184282ad6can, 0xbfb999eb43b068ffn, 0x3fb78182f7afd085n, 0xbfb5521375d145cdn,
].map(fromHex) as [number, number, number, number, number, number, number, number, number, number, number];

/** __log_data.tab: 128 × (invc, logc), the same table as assembly/util/log_fma.ts. */
const LOG_TAB = Float64Array.from(
  [
  0x3ff734f0c3e0de9fn, 0xbfd7cc7f79e69000n,
  0x3ff713786a2ce91fn, 0xbfd76feec20d0000n,
  0x3ff6f26008fab5a0n, 0xbfd713e31351e000n,
  0x3ff6d1a61f138c7dn, 0xbfd6b85b38287800n,
  0x3ff6b1490bc5b4d1n, 0xbfd65d5590807800n,
  0x3ff69147332f0cban, 0xbfd602d076180000n,
  0x3ff6719f18224223n, 0xbfd5a8ca86909000n,
  0x3ff6524f99a51ed9n, 0xbfd54f4356035000n,
  0x3ff63356aa8f24c4n, 0xbfd4f637c36b4000n,
  0x3ff614b36b9ddc14n, 0xbfd49da7fda85000n,
  0x3ff5f66452c65c4cn, 0xbfd445923989a800n,
  0x3ff5d867b5912c4fn, 0xbfd3edf439b0b800n,
  0x3ff5babccb5b90den, 0xbfd396ce448f7000n,
  0x3ff59d61f2d91a78n, 0xbfd3401e17bda000n,
  0x3ff5805612465687n, 0xbfd2e9e2ef468000n,
  0x3ff56397cee76bd3n, 0xbfd2941b3830e000n,
  0x3ff54725e2a77f93n, 0xbfd23ec58cda8800n,
  0x3ff52aff42064583n, 0xbfd1e9e129279000n,
  0x3ff50f22dbb2bddfn, 0xbfd1956d2b48f800n,
  0x3ff4f38f4734ded7n, 0xbfd141679ab9f800n,
  0x3ff4d843cfde2840n, 0xbfd0edd094ef9800n,
  0x3ff4bd3ec078a3c8n, 0xbfd09aa518db1000n,
  0x3ff4a27fc3e0258an, 0xbfd047e65263b800n,
  0x3ff4880524d48434n, 0xbfcfeb224586f000n,
  0x3ff46dce1b192d0bn, 0xbfcf474a7517b000n,
  0x3ff453d9d3391854n, 0xbfcea4443d103000n,
  0x3ff43a2744b4845an, 0xbfce020d44e9b000n,
  0x3ff420b54115f8fbn, 0xbfcd60a22977f000n,
  0x3ff40782da3ef4b1n, 0xbfccc00104959000n,
  0x3ff3ee8f5d57fe8fn, 0xbfcc202956891000n,
  0x3ff3d5d9a00b4ce9n, 0xbfcb81178d811000n,
  0x3ff3bd60c010c12bn, 0xbfcae2c9ccd3d000n,
  0x3ff3a5242b75dab8n, 0xbfca45402e129000n,
  0x3ff38d22cd9fd002n, 0xbfc9a877681df000n,
  0x3ff3755bc5847a1cn, 0xbfc90c6d69483000n,
  0x3ff35dce49ad36e2n, 0xbfc87120a645c000n,
  0x3ff34679984dd440n, 0xbfc7d68fb4143000n,
  0x3ff32f5cceffcb24n, 0xbfc73cb83c627000n,
  0x3ff3187775a10d49n, 0xbfc6a39a9b376000n,
  0x3ff301c8373e3990n, 0xbfc60b3154b7a000n,
  0x3ff2eb4ebb95f841n, 0xbfc5737d76243000n,
  0x3ff2d50a0219a9d1n, 0xbfc4dc7b8fc23000n,
  0x3ff2bef9a8b7fd2an, 0xbfc4462c51d20000n,
  0x3ff2a91c7a0c1babn, 0xbfc3b08abc830000n,
  0x3ff293726014b530n, 0xbfc31b996b490000n,
  0x3ff27dfa5757a1f5n, 0xbfc2875490a44000n,
  0x3ff268b39b1d3bbfn, 0xbfc1f3b9f879a000n,
  0x3ff2539d838ff5bdn, 0xbfc160c8252ca000n,
  0x3ff23eb7aac9083bn, 0xbfc0ce7f57f72000n,
  0x3ff22a012ba940b6n, 0xbfc03cdc49fea000n,
  0x3ff2157996cc4132n, 0xbfbf57bdbc4b8000n,
  0x3ff201201dd2fc9bn, 0xbfbe370896404000n,
  0x3ff1ecf4494d480bn, 0xbfbd17983ef94000n,
  0x3ff1d8f5528f6569n, 0xbfbbf9674ed8a000n,
  0x3ff1c52311577e7cn, 0xbfbadc79202f6000n,
  0x3ff1b17c74cb26e9n, 0xbfb9c0c3e7288000n,
  0x3ff19e010c2c1ab6n, 0xbfb8a646b372c000n,
  0x3ff18ab07bb670bdn, 0xbfb78d01b3ac0000n,
  0x3ff1778a25efbcb6n, 0xbfb674f145380000n,
  0x3ff1648d354c31dan, 0xbfb55e0e6d878000n,
  0x3ff151b990275fddn, 0xbfb4485cdea1e000n,
  0x3ff13f0ea432d24cn, 0xbfb333d94d6aa000n,
  0x3ff12c8b7210f9dan, 0xbfb22079f8c56000n,
  0x3ff11a3028ecb531n, 0xbfb10e4698622000n,
  0x3ff107fbda8434afn, 0xbfaffa6c6ad20000n,
  0x3ff0f5ee0f4e6bb3n, 0xbfadda8d4a774000n,
  0x3ff0e4065d2a9fcen, 0xbfabbcece4850000n,
  0x3ff0d244632ca521n, 0xbfa9a1894012c000n,
  0x3ff0c0a77ce2981an, 0xbfa788583302c000n,
  0x3ff0af2f83c636d1n, 0xbfa5715e67d68000n,
  0x3ff09ddb98a01339n, 0xbfa35c8a49658000n,
  0x3ff08cabaf52e7dfn, 0xbfa149e364154000n,
  0x3ff07b9f2f4e28fbn, 0xbf9e72c082eb8000n,
  0x3ff06ab58c358f19n, 0xbf9a55f152528000n,
  0x3ff059eea5ecf92cn, 0xbf963d62cf818000n,
  0x3ff04949cdd12c90n, 0xbf9228fb8caa0000n,
  0x3ff038c6c6f0ada9n, 0xbf8c317b20f90000n,
  0x3ff02865137932a9n, 0xbf8419355daa0000n,
  0x3ff0182427ea7348n, 0xbf781203c2ec0000n,
  0x3ff008040614b195n, 0xbf60040979240000n,
  0x3fefe01ff726fa1an, 0x3f6feff384900000n,
  0x3fefa11cc261ea74n, 0x3f87dc41353d0000n,
  0x3fef6310b081992en, 0x3f93cea3c4c28000n,
  0x3fef25f63ceeadcdn, 0x3f9b9fc114890000n,
  0x3feee9c8039113e7n, 0x3fa1b0d8ce110000n,
  0x3feeae8078cbb1abn, 0x3fa58a5bd001c000n,
  0x3fee741aa29d0c9bn, 0x3fa95c8340d88000n,
  0x3fee3a91830a99b5n, 0x3fad276aef578000n,
  0x3fee01e009609a56n, 0x3fb07598e598c000n,
  0x3fedca01e577bb98n, 0x3fb253f5e30d2000n,
  0x3fed92f20b7c9103n, 0x3fb42edd8b380000n,
  0x3fed5cac66fb5ccen, 0x3fb606598757c000n,
  0x3fed272caa5ede9dn, 0x3fb7da76356a0000n,
  0x3fecf26e3e6b2ccdn, 0x3fb9ab434e1c6000n,
  0x3fecbe6da2a77902n, 0x3fbb78c7bb0d6000n,
  0x3fec8b266d37086dn, 0x3fbd431332e72000n,
  0x3fec5894bd5d5804n, 0x3fbf0a3171de6000n,
  0x3fec26b533bb9f8cn, 0x3fc067152b914000n,
  0x3febf583eeece73fn, 0x3fc147858292b000n,
  0x3febc4fd75db96c1n, 0x3fc2266ecdca3000n,
  0x3feb951e0c864a28n, 0x3fc303d7a6c55000n,
  0x3feb65e2c5ef3e2cn, 0x3fc3dfc33c331000n,
  0x3feb374867c9888bn, 0x3fc4ba366b7a8000n,
  0x3feb094b211d304an, 0x3fc5933928d1f000n,
  0x3feadbe885f2ef7en, 0x3fc66acd2418f000n,
  0x3feaaf1d31603da2n, 0x3fc740f8ec669000n,
  0x3fea82e63fd358a7n, 0x3fc815c0f51af000n,
  0x3fea5740ef09738bn, 0x3fc8e92954f68000n,
  0x3fea2c2a90ab4b27n, 0x3fc9bb3602f84000n,
  0x3fea01a01393f2d1n, 0x3fca8bed1c2c0000n,
  0x3fe9d79f24db3c1bn, 0x3fcb5b515c01d000n,
  0x3fe9ae2505c7b190n, 0x3fcc2967ccbcc000n,
  0x3fe9852ef297ce2fn, 0x3fccf635d5486000n,
  0x3fe95cbaeea44b75n, 0x3fcdc1bd3446c000n,
  0x3fe934c69de74838n, 0x3fce8c01b8cfe000n,
  0x3fe90d4f2f6752e6n, 0x3fcf5509c0179000n,
  0x3fe8e6528effd79dn, 0x3fd00e6c121fb800n,
  0x3fe8bfce9fcc007cn, 0x3fd071b80e93d000n,
  0x3fe899c0dabec30en, 0x3fd0d46b9e867000n,
  0x3fe87427aa2317fbn, 0x3fd13687334bd000n,
  0x3fe84f00acb39a08n, 0x3fd1980d67234800n,
  0x3fe82a49e8653e55n, 0x3fd1f8ffe0cc8000n,
  0x3fe8060195f40260n, 0x3fd2595fd7636800n,
  0x3fe7e22563e0a329n, 0x3fd2b9300914a800n,
  0x3fe7beb377dcb5adn, 0x3fd3187210436000n,
  0x3fe79baa679725c2n, 0x3fd377266dec1800n,
  0x3fe77907f2170657n, 0x3fd3d54ffbaf3000n,
  0x3fe756cadbd6130cn, 0x3fd432eee32fe000n,
  ],
  fromHex,
);

/** log(x) bit-identical to glibc 2.36 `__log_fma` for every double x. */
export function glibcLogFma(x: number): number {
  bitsF64[0] = x;
  let hi32 = bitsU32[HI]!;
  let lo32 = bitsU32[LO]!;
  // Near 1: 0x3FEE0000_00000000 <= bits < 0x3FF10900_00000000.
  if (hi32 >= 0x3fee0000 && hi32 < 0x3ff10900) {
    if (x === 1) return 0;
    const r = x - 1;
    let p12 = fmaRN(r, B2, B1);
    let p45 = fmaRN(r, B5, B4);
    let p78 = fmaRN(r, B8, B7);
    const r2 = r * r;
    p12 = fmaRN(r2, B3, p12);
    p45 = fmaRN(r2, B6, p45);
    const r3 = r * r2;
    p78 = fmaRN(r2, B9, p78);
    p78 = fmaRN(r3, B10, p78);
    const q = fmaRN(fmaRN(p78, r3, p45), r3, p12);
    const w27 = r * 134217728;
    const rhi = r + w27 - w27;
    const rr = rhi * rhi;
    const rlo = r - rhi;
    const hi = r + rr * B0;
    let lo = r - hi + rr * B0;
    lo = fmaRN(B0 * rlo, r + rhi, lo);
    return hi + fmaRN(q, r3, lo);
  }
  const top = hi32 >>> 16;
  if (top - 0x0010 >= 0x7ff0 - 0x0010 || top < 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if ((top & 0x8000) !== 0 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // Subnormal: normalise (x·2^52, exponent field minus 52).
    bitsF64[0] = x * 4503599627370496;
    hi32 = bitsU32[HI]! - (52 << 20);
    lo32 = bitsU32[LO]!;
  }
  // tmp = ix - 0x3FE60000_00000000 (only the high word changes); k = tmp >> 52 (arithmetic).
  const tmpHi = (hi32 - 0x3fe60000) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  const z = f64FromBits((hi32 - (tmpHi & 0xfff00000)) >>> 0, lo32);
  const invc = LOG_TAB[2 * i]!;
  const logc = LOG_TAB[2 * i + 1]!;
  const r = fmaRN(z, invc, -1);
  const w = k * LN2HI + logc;
  const pa = fmaRN(r, A2, A1);
  const hi = w + r;
  const r2 = r * r;
  const lo = fmaRN(k, LN2LO, w - hi + r);
  const rr2 = r * r2;
  const pb = fmaRN(r, A4, A3);
  const lo2 = fmaRN(r2, A0, lo);
  const poly = fmaRN(pb, r2, pa);
  return fmaRN(rr2, poly, lo2) + hi;
}
