/**
 * One short timed slice of a bench contestant (`{ async, run }`), for the A/B scripts (ab.mjs, oaep-parts.mjs): calls
 * in fours until `ms` have passed; returns calls per millisecond.
 */
export async function slice(c, ms) {
  let n = 0;
  const t0 = performance.now();
  let t;
  do {
    if (c.async) for (let i = 0; i < 4; i++) await c.run();
    else for (let i = 0; i < 4; i++) c.run();
    n += 4;
    t = performance.now() - t0;
  } while (t < ms);
  return n / t;
}
